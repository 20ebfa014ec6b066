using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradeul.Shared.Hosting;

namespace Tradeul.Shared.Streams;

/// <summary>
/// One trim loop per configured stream: every TrimInterval it checks XLEN and trims past
/// TrimThreshold. A Redis outage is logged and waited out; the loop only ends with the host.
/// </summary>
public sealed class StreamTrimService(
    StreamManager streams,
    StreamLimits limits,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<StreamTrimService> logger) : BackgroundService
{
    public static string LoopName(string stream) => $"stream-trim:{stream}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(limits.TrimmedStreams.Select(stream => PeriodicLoop.RunAsync(
            monitor.Register(LoopName(stream)),
            limits.Resolve(stream).TrimInterval,
            time,
            token => streams.TrimIfOverThresholdAsync(stream, token),
            logger,
            stoppingToken)));
}
