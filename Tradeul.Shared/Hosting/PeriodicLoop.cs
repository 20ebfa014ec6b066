using Microsoft.Extensions.Logging;

namespace Tradeul.Shared.Hosting;

/// <summary>
/// The body every background loop shares: run an iteration, record success or failure on
/// its <see cref="LoopStatus"/>, wait on the (possibly fake) clock, and end only when the
/// host stops. After a success the next iteration starts one interval after this one
/// started (at once if this one took longer). After a failure the wait follows
/// <c>backoff</c> (default: one interval) and is never shorter than an
/// <see cref="IRetryAfterHint"/> the error carries; an <see cref="IRetryIn"/> error waits exactly
/// its own wait. A failed iteration is logged and
/// counted, never swallowed and never fatal; an exception escaping this method marks the
/// loop dead for the health check.
/// </summary>
public static partial class PeriodicLoop
{
    public static async Task RunAsync(
        LoopStatus status,
        TimeSpan interval,
        TimeProvider time,
        Func<CancellationToken, Task> iteration,
        ILogger logger,
        CancellationToken stoppingToken,
        Action<Exception>? onFailure = null,
        FailureBackoff? backoff = null)
    {
        backoff ??= FailureBackoff.Constant(interval);
        try
        {
            // Let the host finish starting before the first iteration's I/O.
            await Task.Yield();
            while (!stoppingToken.IsCancellationRequested)
            {
                status.Working();
                var started = time.GetTimestamp();
                TimeSpan wait;
                try
                {
                    await iteration(stoppingToken).ConfigureAwait(false);
                    status.Succeeded(time.GetUtcNow());
                    var elapsed = time.GetElapsedTime(started);
                    wait = elapsed < interval ? interval - elapsed : TimeSpan.Zero;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    status.Failed(ex);
                    onFailure?.Invoke(ex);
                    // Bounded, so no Retry-After can overflow the timer (about 49 days) and kill the loop.
                    wait = backoff.WaitAfter(status.ConsecutiveFailures, ex, Random.Shared);
                    LogIterationFailed(logger, ex, status.Name, status.ConsecutiveFailures, wait);
                }

                // The timer is registered before the status says Waiting, so a test that
                // moves a fake clock once it sees Waiting cannot move it past an unregistered wait.
                var next = wait > TimeSpan.Zero ? Task.Delay(wait, time, stoppingToken) : Task.CompletedTask;
                status.Waiting(time.GetUtcNow() + wait);
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
            status.Stopped();
        }
        catch (Exception ex)
        {
            status.Died(ex);
            LogLoopDied(logger, ex, status.Name);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loop {Loop} failed ({Failures} in a row); next try in {Wait}.")]
    private static partial void LogIterationFailed(ILogger logger, Exception error, string loop, int failures, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Loop {Loop} died; its work is no longer done.")]
    private static partial void LogLoopDied(ILogger logger, Exception error, string loop);
}
