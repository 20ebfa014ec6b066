using Microsoft.Extensions.Options;
using Tradeul.Maintenance.Jobs;

namespace Tradeul.Maintenance.Status;

/// <summary>
/// What <c>GET /api/maintenance/status</c> serves: the last <see cref="MaintenanceStatusReader"/> read while it is
/// younger than <c>Maintenance:StatusRefreshInterval</c> (on the injected clock), else a new read that every caller
/// arriving meanwhile shares, so a dashboard polling every second, or a hundred of them, costs one set of queries
/// per interval. The job records are not part of the snapshot: they are in memory and always current, so a run's
/// outcome shows at once. The shared read runs on the host's lifetime, not on a caller's token: a caller that goes
/// away stops waiting, not the read the others wait for.
/// </summary>
public sealed class MaintenanceStatusSnapshot(
    MaintenanceStatusReader reader,
    JobBoard jobs,
    TimeProvider time,
    IOptions<MaintenanceOptions> options,
    IHostApplicationLifetime lifetime)
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _interval = options.Value.StatusRefreshInterval;
    private MaintenanceStatus? _last;
    private Task<MaintenanceStatus>? _refreshing;
    private long _refreshes;

    /// <summary>Reads made so far (each one the full set of queries).</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <exception cref="OperationCanceledException">The caller's token was canceled while it waited for a read.</exception>
    public async Task<MaintenanceStatus> ReadAsync(CancellationToken cancellationToken)
    {
        Task<MaintenanceStatus> pending;
        lock (_gate)
        {
            if (_last?.Snapshot is { } taken && time.GetUtcNow() - taken.TakenAt < _interval)
            {
                return Current(_last);
            }
            // Task.Run: nothing of the read runs under the lock, whatever completes synchronously.
            pending = _refreshing ??= Task.Run(RefreshAsync);
        }
        return Current(await pending.WaitAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<MaintenanceStatus> RefreshAsync()
    {
        try
        {
            var status = await reader.ReadAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
            var refreshes = Interlocked.Increment(ref _refreshes);
            status = status with { Snapshot = new StatusSnapshotInfo(time.GetUtcNow(), refreshes, _interval.TotalMilliseconds) };
            lock (_gate)
            {
                _last = status;
                _refreshing = null;
            }
            return status;
        }
        catch
        {
            // The next caller tries again; this one's callers get the error.
            lock (_gate)
            {
                _refreshing = null;
            }
            throw;
        }
    }

    private MaintenanceStatus Current(MaintenanceStatus snapshot) => snapshot with { Jobs = jobs.All };
}
