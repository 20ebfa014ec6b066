using Microsoft.Extensions.Options;

namespace Tradeul.Ingest;

/// <summary>Bound from <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";
    public const string SimulatedProvider = "simulated";
    public const string PolygonProvider = "polygon";

    /// <summary>"simulated" (default: no account, no network) or "polygon".</summary>
    public string Provider { get; set; } = SimulatedProvider;

    /// <summary>One market snapshot per interval.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest wait between cycles after failures in a row: the first wait is one
    /// <see cref="Interval"/>, doubling with each further failure up to this (with up to 20 %
    /// jitter off). A provider's <c>Retry-After</c> is honoured even when it is longer.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        if (options.Provider is not (IngestOptions.SimulatedProvider or IngestOptions.PolygonProvider))
        {
            failures.Add($"{IngestOptions.SectionName}:Provider must be '{IngestOptions.SimulatedProvider}' or '{IngestOptions.PolygonProvider}' (was '{options.Provider}').");
        }
        if (options.Interval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{IngestOptions.SectionName}:Interval must be at least 100 ms (was {options.Interval}).");
        }
        if (options.MaxBackoff < options.Interval)
        {
            failures.Add($"{IngestOptions.SectionName}:MaxBackoff must not be shorter than {IngestOptions.SectionName}:Interval (was {options.MaxBackoff}, interval {options.Interval}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
