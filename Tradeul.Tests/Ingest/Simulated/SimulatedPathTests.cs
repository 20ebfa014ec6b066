using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Ingest.Simulated;

/// <summary>
/// The simulated day's path depends on the seed, the date and the time only, not on how often
/// Ingest fetched: a restarted Ingest that resumes the day at 11:42 shows the very prices the
/// earlier run showed at 11:42, so its kept record of the day stays true (issue 11 review).
/// </summary>
public sealed class SimulatedPathTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    private static async Task<IReadOnlyList<MarketQuote>> QuotesAtAsync(DateTimeOffset start, TimeSpan fetchEvery, DateTimeOffset until)
    {
        var time = new FakeTimeProvider(start);
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = 300, StartTime = start }), time);
        while (time.GetUtcNow() + fetchEvery <= until)
        {
            await market.FetchAsync(CancellationToken.None);
            time.Advance(fetchEvery);
        }
        time.SetUtcNow(until);
        return (await market.FetchAsync(CancellationToken.None)).Quotes;
    }

    [Fact]
    public async Task The_same_instant_shows_the_same_prices_whether_fetched_every_5_s_since_09_25_or_once_at_11_42()
    {
        var at = SimulatedClock.NewYorkTime(Tuesday, new TimeOnly(11, 42));

        var watched = await QuotesAtAsync(SimulatedClock.NewYorkTime(Tuesday, new TimeOnly(9, 25)), TimeSpan.FromSeconds(5), at);
        var sparse = await QuotesAtAsync(SimulatedClock.NewYorkTime(Tuesday, new TimeOnly(10, 0, 7)), TimeSpan.FromSeconds(97), at);
        var resumed = await QuotesAtAsync(at, TimeSpan.FromSeconds(5), at);

        Assert.Equal(300, watched.Count);
        Assert.Equal(watched.Select(q => (q.Symbol, q.Price, q.High, q.Low, q.AccumulatedVolume)), resumed.Select(q => (q.Symbol, q.Price, q.High, q.Low, q.AccumulatedVolume)));
        Assert.Equal(watched.Select(q => (q.Symbol, q.Price, q.High, q.Low, q.AccumulatedVolume)), sparse.Select(q => (q.Symbol, q.Price, q.High, q.Low, q.AccumulatedVolume)));
        // Not a frozen market: prices moved since the open.
        Assert.Contains(watched, q => q.Price != q.Open);
    }
}
