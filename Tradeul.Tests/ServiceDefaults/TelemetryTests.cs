using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tradeul.Shared.Snapshots;
using Tradeul.Shared.Streams;
using Tradeul.Shared.Telemetry;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Snapshots;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>What the service defaults export, checked with OpenTelemetry's in-memory exporter.</summary>
[Collection(RealServersCollection.Name)]
public sealed class TelemetryTests(RealServersFixture servers)
{
    private (IHost Host, List<Metric> Metrics, ExportedSpans Spans) CreateHost()
    {
        var metrics = new List<Metric>();
        var spans = new ExportedSpans();
        var builder = TestHosts.Builder(servers.RedisConnectionString);
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddInMemoryExporter(spans));
        builder.Services.AddSnapshotManager();
        return (builder.Build(), metrics, spans);
    }

    [Fact]
    public async Task A_stream_manager_add_is_counted_in_the_adds_metric()
    {
        var (host, metrics, _) = CreateHost();
        using var _host = host;
        await host.StartAsync();
        var stream = RealServersFixture.NewKeyPrefix() + "counted";
        var manager = host.Services.GetRequiredService<StreamManager>();

        for (var i = 0; i < 3; i++)
        {
            await manager.AddAsync(stream, [new("n", i)]);
        }
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var adds = metrics.Where(m => m.Name == "tradeul.stream.adds" && m.MeterName == TradeulTelemetry.StreamsMeter).ToList();
        Assert.NotEmpty(adds);
        long counted = 0;
        foreach (var metric in adds)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == "stream" && Equals(tag.Value, stream))
                    {
                        counted = Math.Max(counted, point.GetSumLong());
                    }
                }
            }
        }
        Assert.Equal(3, counted);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_snapshot_save_produces_a_span_with_its_kind_and_sizes()
    {
        var (host, _, spans) = CreateHost();
        using var _host = host;
        await host.StartAsync();
        var name = "t" + Guid.NewGuid().ToString("N");
        var manager = host.Services.GetRequiredService<SnapshotManager>();
        var rows = SnapshotTestRows.Market(100, seed: 1);

        var full = await manager.SaveAsync(name, rows);
        rows[0] = SnapshotTestRows.Quote(rows[0].Key, 1, 1, 1);
        var delta = await manager.SaveAsync(name, rows);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var saves = spans.Snapshot().Where(s => s.OperationName == "snapshot.save" && Equals(s.GetTagItem("snapshot.name"), name)).ToList();
        Assert.Equal(2, saves.Count);
        Assert.Equal(("full", full.RawBytes, full.StoredBytes), Describe(saves[0]));
        Assert.Equal(("delta", delta.RawBytes, delta.StoredBytes), Describe(saves[1]));
        // The Redis commands of a save are its children; the Redis instrumentation exports them
        // from its own thread every RedisCommandSpanFlush.Interval, hence the wait.
        await Eventually.Until(() => spans.Snapshot().Any(s => s.ParentSpanId == saves[1].SpanId && s.DisplayName == "XADD"),
            "the delta save's XADD span", TimeSpan.FromSeconds(5));
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, "3000")]
    [InlineData("8000", "8000")]
    public void The_otlp_export_timeout_defaults_to_3_s_and_yields_to_configuration(string? configured, string expected)
    {
        var builder = TestHosts.Builder(servers.RedisConnectionString);
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1";
        builder.Configuration[Extensions.OtlpTimeoutKey] = configured;
        builder.AddServiceDefaults();
        using var host = builder.Build();

        Assert.Equal(expected, host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[Extensions.OtlpTimeoutKey]);
    }

    private static (string?, int, int) Describe(Activity span) =>
        ((string?)span.GetTagItem("snapshot.kind"), (int)span.GetTagItem("snapshot.raw_bytes")!, (int)span.GetTagItem("snapshot.stored_bytes")!);
}
