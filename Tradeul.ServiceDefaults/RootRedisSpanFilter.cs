using System.Diagnostics;
using OpenTelemetry;

namespace Tradeul.ServiceDefaults;

/// <summary>
/// Keeps Redis command spans that have no parent out of the exporters. The Redis instrumentation in
/// Aspire.StackExchange.Redis turns every command into a span, and a command issued outside any span
/// (the Scanner's claims and acknowledgements (and its stream poll when Scanner:ReadBlock is 0), trim loops, Maintenance's INFO) becomes a trace of its own:
/// thousands a minute, burying the cycle traces on the dashboard's Traces page. Commands issued inside a
/// span (a scan cycle, a snapshot save) are kept as its children. The package has no filter of its own.
/// </summary>
/// <remarks>
/// Works by clearing the span's Recorded flag when it ends: OpenTelemetry's export processors skip spans
/// that are not recorded. So it must be added before any exporter (<c>ConfigureOpenTelemetry</c> does).
/// </remarks>
public sealed class RootRedisSpanFilter : BaseProcessor<Activity>
{
    /// <summary>The ActivitySource of the Redis instrumentation inside Aspire.StackExchange.Redis.</summary>
    public const string RedisCommandSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == RedisCommandSource && data.ParentSpanId == default)
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
