using Microsoft.Extensions.Options;
using Tradeul.Maintenance.Jobs;

namespace Tradeul.Maintenance;

/// <summary>Bound from <c>Maintenance</c>.</summary>
public sealed class MaintenanceOptions
{
    public const string SectionName = "Maintenance";

    /// <summary>Secret required in <c>X-Api-Key</c> by every endpoint that changes state. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Apply pending migrations when the service starts (the deploy step may do it instead).</summary>
    public bool ApplyMigrationsAtStart { get; set; } = true;

    public TimeSpan PersistenceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per session written by each persistence run.</summary>
    public int PersistenceTopN { get; set; } = 100;

    /// <summary>
    /// How soon the hourly persistence tries again after a miss (no <c>scanner:filtered_complete</c> while a trading
    /// session is on). Shorter than <see cref="PersistenceInterval"/>, so a miss is retried within the hour.
    /// </summary>
    public TimeSpan PersistenceMissRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest age of the snapshot <c>GET /api/maintenance/status</c> serves: its database and Redis parts are
    /// read at most once per interval, however many callers ask (the job records are always current).
    /// </summary>
    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MetadataSyncInterval { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan BaselineInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Sessions averaged into an RVOL baseline.</summary>
    public int BaselineDays { get; set; } = 5;

    public TimeSpan VolumeSlotInterval { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Rows one retention DELETE removes at most; retention repeats it until nothing older than the window
    /// is left, each batch its own statement and transaction, so a large backlog (a day of 120,000 tickers,
    /// weeks after an outage) never becomes one statement that outlasts the command timeout.
    /// </summary>
    public int RetentionBatchRows { get; set; } = 5_000;
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan MemoryWatchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>used_memory / maxmemory above which health turns Degraded (noeviction refuses writes at 100 %).</summary>
    public double MemoryDegradedRatio { get; set; } = 0.8;

    /// <summary>How soon a failed job is tried again (<c>Maintenance:JobRetry:*</c>).</summary>
    public JobRetryOptions JobRetry { get; set; } = new();

    /// <summary>How often TimescaleDB's policy jobs are sampled for health (no query where the extension is absent beyond one catalog read).</summary>
    public TimeSpan TimescaleJobWatchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed runs in a row (since the last success) of one TimescaleDB policy job from which health turns Degraded. TimescaleDB retries a failed job itself, so one failure alone is not yet a bound that stopped holding.</summary>
    public int TimescaleJobFailuresDegraded { get; set; } = 3;
}

public sealed class MaintenanceOptionsValidator : IValidateOptions<MaintenanceOptions>
{
    public ValidateOptionsResult Validate(string? name, MaintenanceOptions o)
    {
        const string p = MaintenanceOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ApiKey) || o.ApiKey.Length < 16)
        {
            failures.Add($"{p}:ApiKey must be set to a secret of at least 16 characters (environment variable Maintenance__ApiKey).");
        }
        foreach (var (setting, value) in new[]
        {
            (nameof(o.PersistenceInterval), o.PersistenceInterval), (nameof(o.MetadataSyncInterval), o.MetadataSyncInterval),
            (nameof(o.BaselineInterval), o.BaselineInterval), (nameof(o.VolumeSlotInterval), o.VolumeSlotInterval),
            (nameof(o.RetentionInterval), o.RetentionInterval), (nameof(o.RollupInterval), o.RollupInterval),
            (nameof(o.MemoryWatchInterval), o.MemoryWatchInterval), (nameof(o.TimescaleJobWatchInterval), o.TimescaleJobWatchInterval),
            (nameof(o.PersistenceMissRetryInterval), o.PersistenceMissRetryInterval), (nameof(o.StatusRefreshInterval), o.StatusRefreshInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{p}:{setting} must be greater than zero (was {value}).");
            }
        }
        if (o.PersistenceMissRetryInterval >= o.PersistenceInterval)
        {
            failures.Add($"{p}:PersistenceMissRetryInterval must be shorter than {p}:PersistenceInterval, so a miss is retried before the next run is due (was {o.PersistenceMissRetryInterval}, interval {o.PersistenceInterval}).");
        }
        if (o.StatusRefreshInterval > TimeSpan.FromMinutes(5)) failures.Add($"{p}:StatusRefreshInterval must be at most 5 minutes (was {o.StatusRefreshInterval}).");
        if (o.PersistenceTopN is <= 0 or > 10_000) failures.Add($"{p}:PersistenceTopN must be between 1 and 10000 (was {o.PersistenceTopN}).");
        if (o.RetentionBatchRows is < 100 or > 1_000_000) failures.Add($"{p}:RetentionBatchRows must be between 100 and 1000000 (was {o.RetentionBatchRows}).");
        if (o.BaselineDays is <= 0 or > 60) failures.Add($"{p}:BaselineDays must be between 1 and 60 (was {o.BaselineDays}).");
        if (o.JobRetry.FirstDelay <= TimeSpan.Zero) failures.Add($"{p}:JobRetry:FirstDelay must be greater than zero (was {o.JobRetry.FirstDelay}).");
        if (o.TimescaleJobFailuresDegraded is <= 0 or > 1_000) failures.Add($"{p}:TimescaleJobFailuresDegraded must be between 1 and 1000 (was {o.TimescaleJobFailuresDegraded}).");
        if (!(o.MemoryDegradedRatio is > 0 and < 1)) failures.Add($"{p}:MemoryDegradedRatio must be between 0 and 1 (was {o.MemoryDegradedRatio}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
