using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Shared.Market;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;
using static Tradeul.Tests.Ingest.DayRecord.DayRecordReadings;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>
/// Issue 11's must-show for the missing day bar: a whole pre-market session, 04:00 to 09:30
/// ET, replayed on the simulated market with the day bar zeroed as Polygon sends it, through
/// Ingest and the Scanner on a real Redis and one fake clock.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class PreMarketReplayTests(ITestOutputHelper output)
{
    private const int Tickers = 300;

    [Fact]
    public async Task Across_a_whole_pre_market_new_highs_and_lows_are_exactly_the_tickers_within_the_threshold_of_the_days_extreme()
    {
        var within = new ScanThresholds().NewExtremeWithinPercent;
        var start = NewYork(2026, 11, 24, 4, 0);
        // Every ticker that qualifies is listed (top N = the universe), so the check runs both ways.
        await using var platform = await HotPathHarness.StartAsync(output, start, tickers: Tickers,
            scannerSettings: [new("Scanner:TopN", Tickers.ToString(CultureInfo.InvariantCulture))]);
        var market = platform.IngestServices.GetRequiredService<SimulatedMarket>();

        // The test's own oracle: the highest and lowest of everything the provider showed the
        // platform today (every last price and minute bar), kept apart from the platform's record.
        var highs = new Dictionary<string, double>(StringComparer.Ordinal);
        var lows = new Dictionary<string, double>(StringComparer.Ordinal);
        int scans = 0, listedHighs = 0, listedLows = 0, leftOutHighs = 0, minuteBarWouldList = 0;

        // A snapshot every market minute from 04:01 to 09:29: 329 scans, all pre-market.
        for (var minute = 1; minute < 330; minute++)
        {
            await platform.CycleAsync(TimeSpan.FromMinutes(1));
            scans++;
            // Same clock, so the market hands out the very snapshot Ingest just took.
            var shown = await market.FetchAsync(CancellationToken.None);
            Assert.Equal(MarketSession.PreMarket, MarketCalendar.SessionAt(shown.AsOf));
            var minuteHighs = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var quote in shown.Quotes)
            {
                Assert.True(quote.DayBarIsEmpty, $"{quote.Symbol} has a day bar at {shown.AsOf:t}");
                highs[quote.Symbol] = Math.Max(highs.GetValueOrDefault(quote.Symbol), Math.Max(quote.Price, quote.MinuteHigh));
                var low = quote.MinuteLow > 0 ? Math.Min(quote.Price, quote.MinuteLow) : quote.Price;
                lows[quote.Symbol] = lows.TryGetValue(quote.Symbol, out var seen) ? Math.Min(seen, low) : low;
                minuteHighs[quote.Symbol] = Math.Max(quote.MinuteHigh, quote.Price);
            }

            var ranked = await ScannedAsync(platform.Database, MarketSession.PreMarket);
            Assert.NotEmpty(ranked);
            foreach (var row in ranked.Values)
            {
                // The Scanner's own formula, on the oracle's extremes.
                var high = highs[row.Symbol];
                var fromHigh = (high - row.Price) / high * 100;
                Assert.True(fromHigh <= within == row.In("new_highs"),
                    $"{shown.AsOf:t}: {row.Symbol} at {row.Price}, {fromHigh:0.00} % under the day's high {high}, in new_highs: {row.In("new_highs")}");
                var low = lows[row.Symbol];
                var fromLow = (row.Price - low) / low * 100;
                Assert.True(fromLow <= within == row.In("new_lows"),
                    $"{shown.AsOf:t}: {row.Symbol} at {row.Price}, {fromLow:0.00} % over the day's low {low}, in new_lows: {row.In("new_lows")}");
                listedHighs += row.In("new_highs") ? 1 : 0;
                listedLows += row.In("new_lows") ? 1 : 0;
                leftOutHighs += fromHigh > within ? 1 : 0;
                // Folding the minute bar into the high (the old mapping) put such a ticker at its high.
                minuteBarWouldList += fromHigh > within && row.Price >= minuteHighs[row.Symbol] * (1 - within / 100) ? 1 : 0;
            }

            if (minute % 60 == 0)
            {
                // The platform's published day high and low are exactly the oracle's: with a
                // snapshot every minute the record has seen every price the market made.
                var published = await PublishedAsync(platform.Database);
                foreach (var (symbol, high) in highs)
                {
                    Assert.Equal((high, lows[symbol]), (published[symbol].High, published[symbol].Low));
                }
            }
        }

        output.WriteLine($"{scans} scans; listed in new_highs {listedHighs} times, in new_lows {listedLows} times; "
            + $"left out of new_highs {leftOutHighs} times, {minuteBarWouldList} of them at their minute bar's high");
        Assert.Equal(329, scans);
        Assert.True(listedHighs > 0 && listedLows > 0, "nobody was listed: the check would be vacuous");
        Assert.True(minuteBarWouldList > 0, "no ticker was near its minute high but far below its day high: the replay would not catch the bug");
        var record = platform.IngestStats.DayRecord;
        Assert.True(record.CoversDayStart);
        Assert.Equal(Tickers, record.Symbols);
        Assert.Equal(0, record.UnknownRows);
    }

    /// <summary>Polygon sends no day VWAP before 09:30: the record's running VWAP from minute bars stands in.</summary>
    [Fact]
    public async Task Momentum_lists_fill_before_the_open_and_every_row_is_on_its_side_of_the_records_vwap()
    {
        var start = NewYork(2026, 11, 24, 4, 0);
        await using var platform = await HotPathHarness.StartAsync(output, start, tickers: Tickers,
            scannerSettings: [new("Scanner:TopN", Tickers.ToString(CultureInfo.InvariantCulture))]);
        // The same market with its day bar left on: its day VWAP is the exact one, sum(price x
        // shares) / sum(shares) over every simulated trade, kept apart from the platform.
        var truth = new SimulatedMarket(Options.Create(new SimulatedMarketOptions
        {
            Tickers = Tickers,
            StartTime = start,
            ZeroDayBarBeforeOpen = false,
        }), platform.Time);
        Assert.Equal(platform.IngestServices.GetRequiredService<SimulatedMarket>().Clock.Now, truth.Clock.Now);

        int momentumUp = 0, momentumDown = 0, compared = 0;
        var worstError = 0.0;
        for (var minute = 1; minute < 330; minute++)
        {
            await platform.CycleAsync(TimeSpan.FromMinutes(1));
            var exact = (await truth.FetchAsync(CancellationToken.None)).Quotes.ToDictionary(q => q.Symbol, StringComparer.Ordinal);
            var published = await PublishedAsync(platform.Database);
            var ranked = await ScannedAsync(platform.Database, MarketSession.PreMarket);
            foreach (var row in ranked.Values)
            {
                var vwap = published[row.Symbol].Vwap;
                if (row.In("momentum_up"))
                {
                    momentumUp++;
                    Assert.True(vwap > 0 && row.Price > vwap, $"{minute}: {row.Symbol} in momentum_up at {row.Price}, VWAP {vwap}");
                }
                if (row.In("momentum_down"))
                {
                    momentumDown++;
                    Assert.True(vwap > 0 && row.Price < vwap, $"{minute}: {row.Symbol} in momentum_down at {row.Price}, VWAP {vwap}");
                }
            }

            foreach (var quote in published.Values)
            {
                // Watched since 04:00, every ticker with real volume has a VWAP (a name trading
                // fractions of a share a minute rounds to 0-share minute bars and may have none).
                if (quote.TodayVolume >= 10_000)
                {
                    Assert.True(quote.Vwap > 0, $"{minute}: {quote.Symbol} has no VWAP after {quote.TodayVolume} shares");
                    var error = Math.Abs(quote.Vwap - exact[quote.Symbol].Vwap) / exact[quote.Symbol].Vwap;
                    worstError = Math.Max(worstError, error);
                    compared++;
                }
            }
        }

        output.WriteLine($"momentum_up rows {momentumUp}, momentum_down rows {momentumDown}; {compared} VWAPs compared, worst relative error {worstError:P4}");
        Assert.True(momentumUp + momentumDown > 0, "no momentum row in the whole pre-market");
        Assert.True(compared > 0);
        // Within 0.02 %: what is lost is the rounding of minute volumes to whole shares and of
        // minute VWAPs to 4 decimals (a snapshot on every minute boundary sees each minute whole).
        Assert.InRange(worstError, 0, 0.0002);
        Assert.Equal(0, platform.IngestStats.DayRecord.UnknownRows);
    }
}
