using Microsoft.Extensions.Logging;

namespace Tradeul.Shared.Hosting;

/// <summary>
/// The body every background loop shares: run an iteration, record success or failure on
/// its <see cref="LoopStatus"/>, wait for the next tick of the (possibly fake) clock, and end
/// only when the host stops. A failed iteration is logged and counted, never swallowed and
/// never fatal; an exception escaping this method marks the loop dead for the health check.
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
        Action<Exception>? onFailure = null)
    {
        try
        {
            // Let the host finish starting before the first iteration's I/O.
            await Task.Yield();
            using var timer = new PeriodicTimer(interval, time);
            while (!stoppingToken.IsCancellationRequested)
            {
                status.Working();
                try
                {
                    await iteration(stoppingToken).ConfigureAwait(false);
                    status.Succeeded(time.GetUtcNow());
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    status.Failed(ex);
                    onFailure?.Invoke(ex);
                    LogIterationFailed(logger, ex, status.Name, status.ConsecutiveFailures, interval);
                }

                var tick = timer.WaitForNextTickAsync(stoppingToken);
                status.Waiting();
                try
                {
                    if (!await tick.ConfigureAwait(false))
                    {
                        break;
                    }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loop {Loop} failed ({Failures} in a row); next try in {Interval}.")]
    private static partial void LogIterationFailed(ILogger logger, Exception error, string loop, int failures, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Loop {Loop} died; its work is no longer done.")]
    private static partial void LogLoopDied(ILogger logger, Exception error, string loop);
}
