using System.Diagnostics;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Tradeul.ServiceDefaults;

/// <summary>
/// Redis command spans from StackExchange.Redis's profiling API (the approach of
/// OpenTelemetry.Instrumentation.StackExchangeRedis, which this registry does not carry).
/// Commands issued while a span is current are collected into a profiling session tied to
/// that span; when the span stops, each command becomes a child span with its real timing.
/// Nothing is collected when no one listens to <see cref="ActivitySourceName"/>.
/// </summary>
public static class RedisCommandTracing
{
    public const string ActivitySourceName = "Tradeul.Redis";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly ConditionalWeakTable<Activity, ProfilingSession> Sessions = new();
    private static readonly Lock ListenerGate = new();
    private static ActivityListener? _stopListener;

    public static void Attach(IConnectionMultiplexer multiplexer)
    {
        EnsureStopListener();
        multiplexer.RegisterProfiler(SessionForCurrentActivity);
    }

    private static ProfilingSession? SessionForCurrentActivity()
    {
        var parent = Activity.Current;
        if (parent is null || !parent.Recorded || !Source.HasListeners())
        {
            return null;
        }
        return Sessions.GetValue(parent, static _ => new ProfilingSession());
    }

    private static void EnsureStopListener()
    {
        lock (ListenerGate)
        {
            if (_stopListener is not null)
            {
                return;
            }
            // Listens to every source only to learn when a parent span stops; it never asks
            // for spans to be created (Sample returns None), so sampling stays OpenTelemetry's.
            _stopListener = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
                SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.None,
                ActivityStopped = EmitCommandSpans,
            };
            ActivitySource.AddActivityListener(_stopListener);
        }
    }

    private static void EmitCommandSpans(Activity parent)
    {
        if (!Sessions.TryGetValue(parent, out var session))
        {
            return;
        }
        Sessions.Remove(parent);
        foreach (var command in session.FinishProfiling())
        {
            var start = new DateTimeOffset(DateTime.SpecifyKind(command.CommandCreated, DateTimeKind.Utc));
            using var span = Source.StartActivity(command.Command, ActivityKind.Client, parent.Context, startTime: start);
            if (span is null)
            {
                continue;
            }
            span.SetTag("db.system", "redis");
            span.SetTag("db.operation.name", command.Command);
            span.SetTag("db.namespace", command.Db);
            span.SetTag("server.address", command.EndPoint?.ToString());
            span.SetTag("db.redis.flags", command.Flags.ToString());
            span.SetEndTime(start.UtcDateTime + command.ElapsedTime);
        }
    }
}
