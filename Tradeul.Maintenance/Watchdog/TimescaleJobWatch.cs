using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Watchdog;

/// <summary>
/// Samples TimescaleDB's policy jobs on a schedule and turns Maintenance's health Degraded, with the job and its
/// last error, while one keeps failing (<c>Maintenance:TimescaleJobFailuresDegraded</c> failed runs in a row):
/// a failing retention or refresh policy means a bound no longer holds, and nothing else would say so.
/// One failure alone does not: TimescaleDB retries a failed job by itself.
/// </summary>
public sealed class TimescaleJobWatch : IHealthCheck
{
    public const string Name = "timescaledb_jobs";
    private readonly NpgsqlDataSource _database;
    private readonly StorageState _storage;
    private readonly int _failuresDegraded;
    private IReadOnlyList<TimescaleJobStatus>? _last;

    public TimescaleJobWatch(NpgsqlDataSource database, StorageState storage, IOptions<MaintenanceOptions> options, IMeterFactory meters)
    {
        _database = database;
        _storage = storage;
        _failuresDegraded = options.Value.TimescaleJobFailuresDegraded;
        var meter = meters.Create("Tradeul.Maintenance");
        meter.CreateObservableGauge("tradeul.timescaledb.failing_jobs", () => Failing(_last).Count(), description: "TimescaleDB policy jobs that kept failing at the last sample.");
    }

    /// <summary>The jobs at the last sample; null before the first.</summary>
    public IReadOnlyList<TimescaleJobStatus>? Last => _last;

    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public async Task<IReadOnlyList<TimescaleJobStatus>> SampleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var layout = await StorageLayoutReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        _storage.Layout = layout;
        var jobs = await TimescaleJobReader.ReadAsync(connection, layout, cancellationToken).ConfigureAwait(false);
        _last = jobs;
        return jobs;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = Failing(_last).ToList();
        if (failing.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        var reasons = failing.Select(job =>
            $"TimescaleDB job {job.JobId} ({job.Policy} on {job.Relation}) failed {job.FailuresSinceSuccess} times in a row" +
            (job.LastError is null ? "" : $"; last error at {job.LastErrorAt:O}: {job.LastError}"));
        return Task.FromResult(HealthCheckResult.Degraded(string.Join(" | ", reasons) + ". The bound it enforces may no longer hold."));
    }

    private IEnumerable<TimescaleJobStatus> Failing(IReadOnlyList<TimescaleJobStatus>? jobs) =>
        (jobs ?? []).Where(job => job.Scheduled && job.FailuresSinceSuccess >= _failuresDegraded);
}
