using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Ingest.DayRecord;
using Tradeul.Shared.Market;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Ingest.Polygon;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>
/// Ingest fed by the real Polygon provider from a local HTTP server, and the Scanner, on one
/// real Redis and one fake clock starting at <see cref="DayRecordReadings.CaseTime"/> (<see cref="HotPathHarness"/>).
/// </summary>
internal sealed class PolygonFedPlatform : IAsyncDisposable
{
    private PolygonFedPlatform(PolygonTestServer polygon, HotPathHarness platform)
    {
        Polygon = polygon;
        Platform = platform;
    }

    public PolygonTestServer Polygon { get; }
    public HotPathHarness Platform { get; }
    public IDatabase Database => Platform.Database;
    public FakeTimeProvider Time => Platform.Time;
    public DayRecordStatus DayRecord => Platform.IngestStats.DayRecord;

    /// <inheritdoc cref="HotPathHarness.RestartIngestAsync"/>
    public Task RestartIngestAsync(bool graceful) => Platform.RestartIngestAsync(graceful);

    /// <param name="settings">More Ingest and Scanner settings.</param>
    public static async Task<PolygonFedPlatform> StartAsync(ITestOutputHelper output, params (string Key, string Value)[] settings)
    {
        var polygon = await PolygonTestServer.StartAsync();
        var ingest = new Dictionary<string, string?>
        {
            ["Ingest:Provider"] = "polygon",
            ["Polygon:ApiKey"] = PolygonTestProviders.ApiKey,
            ["Polygon:BaseUrl"] = polygon.BaseUrl.ToString(),
        };
        foreach (var (key, value) in settings)
        {
            ingest[key] = value;
        }
        return new PolygonFedPlatform(polygon, await HotPathHarness.StartAsync(output, DayRecordReadings.CaseTime, settings: ingest));
    }

    /// <summary>Moves the clock by <paramref name="advance"/>, then Polygon answers <paramref name="payload"/> to one Ingest cycle, and the Scanner scans it.</summary>
    public async Task CycleAsync(string payload, TimeSpan advance)
    {
        Polygon.Respond = PolygonTestServer.Json(payload);
        await Platform.CycleAsync(advance);
    }

    public Task<Dictionary<string, MarketQuote>> PublishedAsync() => DayRecordReadings.PublishedAsync(Platform.Database);

    public Task<Dictionary<string, ScannedRow>> ScannedAsync(MarketSession session) => DayRecordReadings.ScannedAsync(Platform.Database, session);

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Polygon.DisposeAsync();
    }
}
