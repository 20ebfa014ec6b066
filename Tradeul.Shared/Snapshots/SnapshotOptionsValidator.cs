using Microsoft.Extensions.Options;

namespace Tradeul.Shared.Snapshots;

public sealed class SnapshotOptionsValidator : IValidateOptions<SnapshotOptions>
{
    public ValidateOptionsResult Validate(string? name, SnapshotOptions options)
    {
        const string prefix = SnapshotOptions.SectionName;
        var failures = new List<string>();
        if (options.FullInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:FullInterval must be greater than zero (was {options.FullInterval}).");
        }
        if (!(options.MaxDeltaRatio is > 0 and <= 1))
        {
            failures.Add($"{prefix}:MaxDeltaRatio must be in (0, 1] (was {options.MaxDeltaRatio}).");
        }
        if (options.MaxDeltasPerFull <= 0)
        {
            failures.Add($"{prefix}:MaxDeltasPerFull must be greater than 0 (was {options.MaxDeltasPerFull}).");
        }
        if (options.CompressionQuality is < 0 or > 11)
        {
            failures.Add($"{prefix}:CompressionQuality must be between 0 and 11 (was {options.CompressionQuality}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
