using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradeul.Shared.Hosting;

namespace Tradeul.Shared.Streams;

/// <summary>
/// One trim loop per configured stream: every TrimInterval it checks XLEN and trims past
/// TrimThreshold. A Redis outage is logged and waited out; the loop only ends with the host.
/// </summary>
public sealed partial class StreamTrimService(
    StreamManager streams,
    StreamLimits limits,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<StreamTrimService> logger) : BackgroundService
{
    public static string LoopName(string stream) => $"stream-trim:{stream}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(limits.TrimmedStreams.Select(stream => RunLoopAsync(stream, stoppingToken)));

    private async Task RunLoopAsync(string stream, CancellationToken stoppingToken)
    {
        var status = monitor.Register(LoopName(stream));
        var interval = limits.Resolve(stream).TrimInterval;
        try
        {
            // Yield so that StartAsync of the host is not held up by the first check.
            await Task.Yield();
            while (!stoppingToken.IsCancellationRequested)
            {
                status.Working();
                try
                {
                    await streams.TrimIfOverThresholdAsync(stream, stoppingToken).ConfigureAwait(false);
                    status.Succeeded(time.GetUtcNow());
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    status.Failed(ex);
                    LogTrimFailed(logger, ex, stream, status.ConsecutiveFailures, interval);
                }

                var wait = Task.Delay(interval, time, stoppingToken);
                status.Waiting();
                try
                {
                    await wait.ConfigureAwait(false);
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
            LogLoopDied(logger, ex, stream);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trim check of {Stream} failed ({Failures} in a row); next try in {Interval}.")]
    private static partial void LogTrimFailed(ILogger logger, Exception error, string stream, int failures, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Trim loop of {Stream} died; the stream is no longer checked.")]
    private static partial void LogLoopDied(ILogger logger, Exception error, string stream);
}
