using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.DayRecord;

/// <summary>Bound from <c>Ingest:DayRecord</c>: Ingest's own record of the trading day (open, high, low, volume per symbol).</summary>
public sealed class DayRecordOptions
{
    public const string SectionName = "Ingest:DayRecord";

    /// <summary>
    /// The longest pause between two observed snapshots after which the record no longer
    /// claims to know a symbol's day high and low (they may have been made unseen), until
    /// the provider's day bar gives them again. Two minutes: one failed fetch with a
    /// 60-second Retry-After keeps the record; a minute bar seen at least every other minute
    /// misses at most one minute's extremes.
    /// </summary>
    public TimeSpan MaxObservationGap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The record is written to Redis at most this often (and at shutdown); what a crash loses is at most this much.</summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class DayRecordOptionsValidator(IOptions<IngestOptions> ingest) : IValidateOptions<DayRecordOptions>
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, DayRecordOptions options)
    {
        const string p = DayRecordOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxObservationGap < Shortest || options.MaxObservationGap > Longest)
        {
            failures.Add($"{p}:MaxObservationGap must be between 1 s and 1 h (was {options.MaxObservationGap}).");
        }
        else if (IngestInterval() is { } interval && options.MaxObservationGap <= interval)
        {
            failures.Add($"{p}:MaxObservationGap ({options.MaxObservationGap}) must be longer than {IngestOptions.SectionName}:Interval ({interval}), or the record would never know a day high.");
        }
        if (options.PersistInterval < Shortest || options.PersistInterval > Longest)
        {
            failures.Add($"{p}:PersistInterval must be between 1 s and 1 h (was {options.PersistInterval}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The configured interval, or null when the Ingest options are themselves invalid: their
    /// own validator reports that once, instead of every option that compares with them
    /// repeating it.
    /// </summary>
    private TimeSpan? IngestInterval()
    {
        try
        {
            return ingest.Value.Interval;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
