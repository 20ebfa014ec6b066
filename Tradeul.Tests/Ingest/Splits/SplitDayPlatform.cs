using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Ingest.DayRecord;
using Tradeul.Tests.Ingest.Polygon;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.Splits;

/// <summary>
/// Ingest on the real Polygon provider against a <see cref="PolygonTestServer"/>, and the Scanner,
/// on a redis-server of their own and one fake clock (<see cref="HotPathHarness"/>), on BIOL's
/// reverse-split ex-date. The snapshot route serves case <c>01_split_day_gainers.json</c>.
/// </summary>
internal sealed class SplitDayPlatform : IAsyncDisposable
{
    /// <summary>Friday 29 April 2022, 13:05 New York (EDT): the regular session of BIOL's 1-for-25 ex-date, just after the case's quotes.</summary>
    public static readonly DateTimeOffset ExDateMidday = SimulatedClock.NewYorkTime(new DateOnly(2022, 4, 29), new TimeOnly(13, 5));

    /// <summary>Every slot of the seeded RVOL baselines expects this many (pre-split) shares.</summary>
    public const double FlatBaselineShares = 1_000_000;

    public const string BiolListing = """
        {"results":[{"execution_date":"2022-04-29","id":"E36416cce743c3964c5da63e1ef1626c0aece30fb47302eea5a49c0055c04e8d0","split_from":25,"split_to":1,"ticker":"BIOL"}],
         "status":"OK","request_id":"splits-case01"}
        """;

    public const string EmptyListing = """{"results":[],"status":"OK","request_id":"splits-none"}""";

    private SplitDayPlatform(PolygonTestServer server, HotPathHarness platform)
    {
        Server = server;
        Platform = platform;
    }

    public PolygonTestServer Server { get; }
    public HotPathHarness Platform { get; }

    public IEnumerable<ReceivedRequest> SplitRequests => Server.Received.Where(r => r.Path == PolygonTestServer.SplitsRoute);

    public static async Task<SplitDayPlatform> StartAsync(ITestOutputHelper output, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(MarketCases.Text("01_split_day_gainers.json"));
        server.RespondSplits = PolygonTestServer.Json(BiolListing);
        var all = new Dictionary<string, string?>
        {
            ["Ingest:Provider"] = "polygon",
            ["Polygon:ApiKey"] = PolygonTestProviders.ApiKey,
            ["Polygon:BaseUrl"] = server.BaseUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        var platform = await HotPathHarness.StartAsync(output, ExDateMidday, settings: all);
        await SeedEnrichmentAsync(platform, "BIOL", "NVCN", "PLAIN");
        return new SplitDayPlatform(server, platform);
    }

    /// <summary>Metadata and a flat RVOL baseline, as Maintenance would publish them, loaded into the Scanner's cache.</summary>
    private static async Task SeedEnrichmentAsync(HotPathHarness platform, params string[] symbols)
    {
        var slots = Enumerable.Range(0, RvolSlots.Count)
            .Select(slot => new HashEntry(slot, FlatBaselineShares.ToString(CultureInfo.InvariantCulture))).ToArray();
        foreach (var symbol in symbols)
        {
            var metadata = new TickerMetadata(symbol, $"{symbol} Inc.", "XNAS", "Healthcare", 50_000_000m, 5_000_000, 10_000_000, 1_000_000);
            await platform.Database.StringSetAsync(RedisKeys.TickerMetadata(symbol), JsonSerializer.Serialize(metadata, TickerMetadata.Json));
            await platform.Database.HashSetAsync(RedisKeys.RvolBaseline(symbol), slots);
        }
        var (table, _) = await platform.ScannerServices.GetRequiredService<EnrichmentLoader>().LoadAsync(CancellationToken.None);
        platform.ScannerServices.GetRequiredService<EnrichmentCache>().Replace(table);
    }

    /// <summary>The newest <c>snapshots:raw</c> entry, decoded as the Scanner decodes it, by symbol.</summary>
    public Task<Dictionary<string, MarketQuote>> NewestRowsAsync() => NewestRowsAsync(Platform);

    public static Task<Dictionary<string, MarketQuote>> NewestRowsAsync(HotPathHarness platform) => DayRecordReadings.PublishedAsync(platform.Database);

    /// <summary>A category's rows as <c>GET /api/categories/{name}</c> serves them, by symbol, in rank order.</summary>
    public Task<List<JsonElement>> CategoryAsync(string name) => CategoryAsync(Platform, name);

    public static async Task<List<JsonElement>> CategoryAsync(HotPathHarness platform, string name)
    {
        using var document = JsonDocument.Parse(await platform.Http.GetStringAsync($"/api/categories/{name}"));
        return document.RootElement.GetProperty("rows").EnumerateArray().Select(row => row.Clone()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Server.DisposeAsync();
    }
}
