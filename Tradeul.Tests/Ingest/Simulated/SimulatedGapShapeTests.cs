using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Ingest.Simulated;

/// <summary>
/// The simulated day's gaps, read at 09:31 as a gap scanner reads them (open vs previous close), on
/// several seeds: a few dozen names over 10 %, a few hundred over 2 %, most within +/-1 %, and the
/// big gappers trading heavy volume. The first version put more than 100 of 12,000 names over 13 %
/// (issue 11).
/// </summary>
public sealed class SimulatedGapShapeTests
{
    private static readonly DateTimeOffset JustAfterTheOpen = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(9, 31));

    private static (double Gap, double Rvol)[] Open(int seed)
    {
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = 12_000, Seed = seed, StartTime = JustAfterTheOpen }),
            new FakeTimeProvider(JustAfterTheOpen));
        var baselines = SimulatedReferenceData.Build(market).ToFrozenDictionary(x => x.Metadata.Symbol, x => x.Baseline, StringComparer.Ordinal);
        var snapshot = market.FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(snapshot.AsOf));
        var minutes = RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(snapshot.AsOf));
        return snapshot.Quotes
            .Select(q => (MetricsCalculator.PercentChange(q.Open, q.PrevClose), MetricsCalculator.Rvol(q.TodayVolume, baselines[q.Symbol], minutes)))
            .ToArray();
    }

    [Theory]
    [InlineData(20_261_123)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Gaps_are_shaped_like_a_real_day(int seed)
    {
        var names = Open(seed);
        var gaps = names.Select(n => Math.Abs(n.Gap)).ToArray();

        Assert.Equal(12_000, gaps.Length);
        Assert.InRange(gaps.Count(g => g > 10), 10, 80);
        Assert.InRange(gaps.Count(g => g >= 13), 5, 60);
        Assert.InRange(gaps.Count(g => g > 2), 300, 1_200);
        Assert.InRange(gaps.Count(g => g <= 1), 8_400, 10_800);    // 70-90 %

        // Volume follows the news: big gappers trade several times their usual, quiet names about theirs.
        var bigGappers = names.Where(n => Math.Abs(n.Gap) > 10).Select(n => n.Rvol).Order().ToArray();
        var quiet = names.Where(n => Math.Abs(n.Gap) < 1).Select(n => n.Rvol).Order().ToArray();
        Assert.InRange(bigGappers[bigGappers.Length / 2], 3, 30);
        Assert.InRange(quiet[quiet.Length / 2], 0.7, 1.4);
    }
}
