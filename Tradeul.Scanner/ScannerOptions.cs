using Microsoft.Extensions.Options;

namespace Tradeul.Scanner;

/// <summary>Bound from <c>Scanner</c>.</summary>
public sealed class ScannerOptions
{
    public const string SectionName = "Scanner";

    public string ConsumerGroup { get; set; } = "scanner";

    /// <summary>Unique per replica; defaults to host name and process id.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>
    /// With <see cref="ReadBlock"/> 0: how often to look for a new snapshot. With a blocking read: the
    /// wait before the next read after a failed one (Redis down or refusing).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Longest wait of one read of <c>snapshots:raw</c> for a new entry (XREADGROUP BLOCK, whole ms,
    /// 0-60 s) on a Redis connection of its own; the loop reads again at once after it. 0 turns the
    /// blocking read off: the Scanner polls every <see cref="PollInterval"/>, which delays each
    /// snapshot by up to one interval (tests that drive cycles themselves use that).
    /// </summary>
    public TimeSpan ReadBlock { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pending entries idle this long in another consumer are presumed orphaned and claimed.</summary>
    public TimeSpan ClaimMinIdle { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A consumer of the group idle this long with nothing pending is deleted (checked every ClaimInterval).
    /// Well above ClaimMinIdle, so a dead consumer's entries are claimed before it goes.
    /// </summary>
    public TimeSpan ConsumerIdleLimit { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan EnrichmentRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait after an enrichment load that failed or found nothing; doubles per failure in a row, capped by EnrichmentRefreshInterval.</summary>
    public TimeSpan EnrichmentRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows per category ranking.</summary>
    public int TopN { get; set; } = 100;

    /// <summary>Rows in <c>scanner:filtered_complete:{SESSION}</c>, best score first.</summary>
    public int FilteredCompleteRows { get; set; } = 500;

    public TimeSpan FilteredCompleteTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Events (a full ranking or a delta) one SSE client may have waiting before it is dropped
    /// as too slow; it reconnects and starts again from a full ranking. With one delta per
    /// Ingest interval (5 s), 32 is over 2.5 minutes of a client not reading.
    /// </summary>
    public int SseSubscriberBuffer { get; set; } = Streaming.RankingHub.DefaultSubscriberBuffer;

    public string EffectiveConsumerName => ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}

public sealed class ScannerOptionsValidator : IValidateOptions<ScannerOptions>
{
    public ValidateOptionsResult Validate(string? name, ScannerOptions options)
    {
        const string p = ScannerOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConsumerGroup)) failures.Add($"{p}:ConsumerGroup must not be empty.");
        if (options.PollInterval <= TimeSpan.Zero) failures.Add($"{p}:PollInterval must be greater than zero (was {options.PollInterval}).");
        if (options.ReadBlock < TimeSpan.Zero || options.ReadBlock > TimeSpan.FromSeconds(60) || options.ReadBlock.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            failures.Add($"{p}:ReadBlock must be whole milliseconds from 0 to 60 s (was {options.ReadBlock}).");
        }
        if (options.ClaimMinIdle <= TimeSpan.Zero) failures.Add($"{p}:ClaimMinIdle must be greater than zero (was {options.ClaimMinIdle}).");
        if (options.ClaimInterval <= TimeSpan.Zero) failures.Add($"{p}:ClaimInterval must be greater than zero (was {options.ClaimInterval}).");
        if (options.ConsumerIdleLimit <= TimeSpan.Zero) failures.Add($"{p}:ConsumerIdleLimit must be greater than zero (was {options.ConsumerIdleLimit}).");
        if (options.EnrichmentRefreshInterval <= TimeSpan.Zero) failures.Add($"{p}:EnrichmentRefreshInterval must be greater than zero (was {options.EnrichmentRefreshInterval}).");
        if (options.EnrichmentRetryDelay <= TimeSpan.Zero) failures.Add($"{p}:EnrichmentRetryDelay must be greater than zero (was {options.EnrichmentRetryDelay}).");
        if (options.TopN is <= 0 or > 10_000) failures.Add($"{p}:TopN must be between 1 and 10000 (was {options.TopN}).");
        if (options.FilteredCompleteRows is <= 0 or > 20_000) failures.Add($"{p}:FilteredCompleteRows must be between 1 and 20000 (was {options.FilteredCompleteRows}).");
        if (options.FilteredCompleteTtl <= TimeSpan.Zero) failures.Add($"{p}:FilteredCompleteTtl must be greater than zero (was {options.FilteredCompleteTtl}).");
        if (options.SseSubscriberBuffer is < 1 or > 10_000) failures.Add($"{p}:SseSubscriberBuffer must be between 1 and 10000 events (was {options.SseSubscriberBuffer}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
