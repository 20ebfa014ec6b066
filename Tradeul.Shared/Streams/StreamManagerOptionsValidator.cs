using Microsoft.Extensions.Options;

namespace Tradeul.Shared.Streams;

/// <summary>Stops start-up on a limit that would leave a stream unbounded or trimming forever; names the setting.</summary>
public sealed class StreamManagerOptionsValidator : IValidateOptions<StreamManagerOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamManagerOptions options)
    {
        var failures = new List<string>();
        var defaultMaxLength = options.Default.MaxLength ?? BuiltInStreamLimits.DefaultMaxLength;
        Check(StreamManagerOptions.DefaultEntryName, options.Default, defaultMaxLength, failures);
        foreach (var (stream, settings) in options.Streams)
        {
            var builtIn = StreamNamePattern.Find(BuiltInStreamLimits.All, stream);
            Check(stream, settings, settings.MaxLength ?? builtIn?.MaxLength ?? defaultMaxLength, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string entry, StreamLimitSettings settings, int effectiveMaxLength, List<string> failures)
    {
        var prefix = $"{StreamManagerOptions.SectionName}:{entry}";
        if (settings.MaxLength is <= 0)
        {
            failures.Add($"{prefix}:MaxLength must be greater than 0 (was {settings.MaxLength}).");
        }
        if (settings.TrimThreshold is { } threshold && threshold < effectiveMaxLength)
        {
            failures.Add($"{prefix}:TrimThreshold must be at least MaxLength ({effectiveMaxLength}) (was {threshold}).");
        }
        if (settings.TrimInterval is { } interval && interval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:TrimInterval must be greater than zero (was {interval}).");
        }
    }
}
