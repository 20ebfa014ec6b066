using Microsoft.Extensions.DependencyInjection;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Streaming;
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
    public async Task Across_a_whole_pre_market_every_new_high_and_low_is_within_the_threshold_of_the_days_extreme()
    {
        var thresholds = new ScanThresholds();
        var within = thresholds.NewExtremeWithinPercent;
        var start = NewYork(2026, 11, 24, 4, 0);
        await using var platform = await HotPathHarness.StartAsync(output, start, tickers: Tickers);
        var market = platform.IngestServices.GetRequiredService<SimulatedMarket>();
        var hub = platform.ScannerServices.GetRequiredService<RankingHub>();

        // The test's own oracle: the highest and lowest of everything the provider showed the
        // platform today (every last price and minute bar), kept apart from the platform's record.
        var highs = new Dictionary<string, double>(StringComparer.Ordinal);
        var lows = new Dictionary<string, double>(StringComparer.Ordinal);
        int scans = 0, listedHighs = 0, listedLows = 0, scansWithHighs = 0, wrongBeforeTheRecord = 0;

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
                minuteHighs[quote.Symbol] = quote.MinuteHigh;
            }

            var newHighs = hub.Current("new_highs")!.Rows!;
            foreach (var row in newHighs)
            {
                var high = highs[row.Symbol];
                Assert.True((high - row.Price) / high * 100 <= within + 1e-9,
                    $"{shown.AsOf:t}: {row.Symbol} at {row.Price} is listed as a new high, {(high - row.Price) / high * 100:0.00} % under the day's {high}");
            }
            foreach (var row in hub.Current("new_lows")!.Rows!)
            {
                var low = lows[row.Symbol];
                Assert.True((row.Price - low) / low * 100 <= within + 1e-9,
                    $"{shown.AsOf:t}: {row.Symbol} at {row.Price} is listed as a new low, {(row.Price - low) / low * 100:0.00} % over the day's {low}");
            }
            listedHighs += newHighs.Length;
            listedLows += hub.Current("new_lows")!.Rows!.Length;
            scansWithHighs += newHighs.Length > 0 ? 1 : 0;
            // What folding the minute bar into the high listed: the price at its minute's high.
            wrongBeforeTheRecord += shown.Quotes.Count(q =>
                (Math.Max(minuteHighs[q.Symbol], q.Price) - q.Price) / Math.Max(minuteHighs[q.Symbol], q.Price) * 100 <= within
                && (highs[q.Symbol] - q.Price) / highs[q.Symbol] * 100 > within);

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

        output.WriteLine($"{scans} scans; new_highs listed {listedHighs} times in {scansWithHighs} scans, new_lows {listedLows} times; "
            + $"{wrongBeforeTheRecord} listings a minute-bar high would have made beyond {within} % of the day's high");
        Assert.Equal(329, scans);
        Assert.True(scansWithHighs > 100, $"only {scansWithHighs} scans listed a new high: the check would be vacuous");
        Assert.True(listedLows > 0);
        Assert.True(wrongBeforeTheRecord > 0, "the replay never had a ticker far below its day high: it would not catch the bug");
        var record = platform.IngestStats.DayRecord;
        Assert.True(record.CoversDayStart);
        Assert.Equal(Tickers, record.Symbols);
        Assert.Equal(0, record.UnknownRows);
    }
}
