using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Providers.Polygon;
using Tradeul.Shared.Market;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Ingest.Polygon;

public sealed class PolygonSnapshotMappingTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Documented_payload_maps_field_by_field_and_the_key_travels_only_as_a_bearer_header()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(PolygonPayloads.ThreeTickers);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));
        var provider = services.Provider();

        var snapshot = await provider.FetchAsync(CancellationToken.None);

        Assert.Equal("polygon", provider.Name);
        Assert.Equal(Now, snapshot.AsOf);
        Assert.Empty(snapshot.Dropped);
        Assert.Equal(
            [
                // The day bar stays raw (min.h 192.5 is above day.h): Ingest's record of the day folds the minute bar in.
                new MarketQuote("AAPL", Price: 191.25, PrevClose: 189.95, Open: 190.5, High: 192.0, Low: 189.5,
                    Close: 191.2, Volume: 51_234_567, Vwap: 190.9876, AccumulatedVolume: 51_300_000,
                    UpdatedUnixMs: 1_605_192_894_630, Bid: 191.24, Ask: 191.26)
                { MinuteHigh = 192.5, MinuteLow = 190.1, MinuteStartUnixMs = 1_605_192_840_000, MinuteVwap = 191.15, MinuteVolume = 15_000 },
                // Pre-market: price from the minute bar; the day bar stays zero (not given), not the minute's extremes.
                new MarketQuote("PREM", Price: 5.4, PrevClose: 5.0, Open: 0, High: 0, Low: 0,
                    Close: 0, Volume: 0, Vwap: 0, AccumulatedVolume: 120_000,
                    UpdatedUnixMs: 1_605_170_000_123, Bid: 0, Ask: 0)
                { MinuteHigh = 5.6, MinuteLow = 5.05, MinuteStartUnixMs = 1_605_169_980_000, MinuteVwap = 5.35, MinuteVolume = 8_000 },
                // lastTrade.p and min.c are 0 -> day close; volumes rounded (min.v 10.5 -> 11).
                new MarketQuote("FRAC", Price: 12.75, PrevClose: 12.1, Open: 12, High: 13, Low: 11.5,
                    Close: 12.75, Volume: 1_234_568, Vwap: 12.4, AccumulatedVolume: 2_345_678,
                    UpdatedUnixMs: 1_605_192_000_000, Bid: 0, Ask: 0)
                { MinuteHigh = 12.8, MinuteLow = 0, MinuteStartUnixMs = 1_605_191_940_000, MinuteVwap = 12.75, MinuteVolume = 11 },
            ],
            snapshot.Quotes);

        var request = Assert.Single(server.Received);
        Assert.Equal(PolygonTestServer.SnapshotRoute, request.Path);
        Assert.Equal($"Bearer {PolygonTestProviders.ApiKey}", request.Authorization);
        Assert.Equal("?include_otc=false", request.Query);
        Assert.DoesNotContain(PolygonTestProviders.ApiKey, request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_rows_are_dropped_and_counted_while_the_good_rows_map()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(PolygonPayloads.GoodAndMalformedRows);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        Assert.Equal(
            new Dictionary<string, int> { [PolygonSnapshotProvider.MalformedRowReason] = PolygonPayloads.MalformedRowCount },
            snapshot.Dropped);
        Assert.Equal(["GOOD1", "", "GOOD2"], snapshot.Quotes.Select(q => q.Symbol));
        Assert.Equal(1.55, snapshot.Quotes[0].Price);
        Assert.Equal(2, snapshot.Quotes[0].High);
        // Semantically bad but well-typed: passed through for the validator to judge.
        Assert.Equal(0, snapshot.Quotes[1].Price);
        Assert.Equal(-5, snapshot.Quotes[1].Volume);
        Assert.Equal(3.3, snapshot.Quotes[2].Price);
        Assert.Equal(10, snapshot.Quotes[2].AccumulatedVolume);
    }

    [Fact]
    public async Task A_five_thousand_ticker_body_streams_through_and_maps_every_row()
    {
        const int count = 5_000;
        await using var server = await PolygonTestServer.StartAsync();
        long bodyBytes = 0;
        server.Respond = PolygonPayloads.Generated(count, bytes => bodyBytes = bytes);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        // Far above the serializer's 16 KB read buffer, so rows arrive split across reads.
        Assert.True(bodyBytes > 2_000_000, $"body was only {bodyBytes} bytes");
        Assert.Empty(snapshot.Dropped);
        Assert.Equal(count, snapshot.Quotes.Count);
        for (var i = 0; i < count; i++)
        {
            var quote = snapshot.Quotes[i];
            Assert.Equal(PolygonPayloads.GeneratedSymbol(i), quote.Symbol);
            Assert.Equal(PolygonPayloads.GeneratedPrice(i), quote.Price);
            Assert.Equal(i * 10L, quote.Volume);
            Assert.Equal(i * 10L + 5, quote.AccumulatedVolume);
            Assert.Equal(1_700_000_000_000L + i, quote.UpdatedUnixMs);
        }
    }

    [Fact]
    public async Task Malformed_rows_inside_a_large_streamed_body_are_skipped_without_losing_their_neighbours()
    {
        const int count = 5_000;
        await using var server = await PolygonTestServer.StartAsync();
        // Rows here reach the converter while more of the body is still to come, unlike a small body.
        server.Respond = PolygonPayloads.Generated(count, _ => { }, malformedEvery: 100);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { [PolygonSnapshotProvider.MalformedRowReason] = count / 100 }, snapshot.Dropped);
        Assert.Equal(Enumerable.Range(0, count).Select(PolygonPayloads.GeneratedSymbol), snapshot.Quotes.Select(q => q.Symbol));
    }

    /// <summary>Case 09 (a regression test: it passed before issue 11): symbols are case-sensitive, and dots are part of them.</summary>
    [Fact]
    public async Task Case_09_BCPC_and_BCpC_stay_two_securities_and_class_shares_keep_their_dot()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(MarketCases.Text("09_case_sensitive_symbols.json"));
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        Assert.Empty(snapshot.Dropped);
        Assert.Equal(["BCPC", "BCpC", "BRK.A", "BRK.B"], snapshot.Quotes.Select(q => q.Symbol));
        Assert.Equal([157.5, 22.6, 744000.0, 496.0], snapshot.Quotes.Select(q => q.Price));
        Assert.Equal([150.0, 24.0, 730000.0, 486.0], snapshot.Quotes.Select(q => q.PrevClose));
    }

    /// <summary>
    /// Case 13 (a regression test: it passed before issue 11): the client library's mocks carry
    /// fields we do not read (<c>fmv</c>, <c>todaysChange</c>, <c>lastTrade.c: null</c>): ignored, every row maps.
    /// </summary>
    [Fact]
    public async Task Case_13_unknown_and_null_fields_are_ignored_and_every_row_maps()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(MarketCases.Text("13_client_python_snapshot_mocks.json"));
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        Assert.Empty(snapshot.Dropped);
        Assert.Equal(
            [
                new MarketQuote("BCAT", Price: 20.506, PrevClose: 20.63, Open: 20.64, High: 20.64, Low: 20.506,
                    Close: 20.506, Volume: 37_216, Vwap: 20.616, AccumulatedVolume: 37_216,
                    UpdatedUnixMs: 1_605_192_894_630, Bid: 20.5, Ask: 20.6)
                { MinuteHigh = 20.506, MinuteLow = 20.506, MinuteStartUnixMs = 1_684_428_600_000, MinuteVwap = 20.5105, MinuteVolume = 5_000 },
                new MarketQuote("AAPL", Price: 159.99, PrevClose: 163.64, Open: 161.84, High: 166.2, Low: 159.8,
                    Close: 160.315, Volume: 68_840_127, Vwap: 162.7124, AccumulatedVolume: 68_834_255,
                    UpdatedUnixMs: 1_651_251_948_294, Bid: 159.98, Ask: 159.99)
                { MinuteHigh = 160.71, MinuteLow = 160.3, MinuteStartUnixMs = 1_684_428_600_000, MinuteVwap = 160.5259, MinuteVolume = 197_226 },
            ],
            snapshot.Quotes);
    }
}
