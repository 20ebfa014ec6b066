using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.History;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Scanner.ScanTestMarket;

namespace Tradeul.Tests.Scans;

/// <summary>
/// The window fields against values computed by hand from the snapshots fed: a known path of
/// prices and volumes every 5 s, through the real engine, and null wherever the history cannot
/// support a window.
/// </summary>
public sealed class IntradayWindowTests
{
    /// <summary>Tuesday 24 November 2026 in New York (EST, UTC-5).</summary>
    private static DateTimeOffset NewYork(int hour, int minute, int second = 0) => new(2026, 11, 24, hour, minute, second, TimeSpan.FromHours(-5));

    /// <summary>Step k of the path: price 10 + k cents, cumulative volume 1,000 k shares.</summary>
    private static MarketQuote Step(string symbol, int k) => Quote(symbol, 10 + k * 0.01, 9.5, 10, 1_000L * k);

    private static double Change(double now, double then) => (now - then) / then * 100;

    private static double Value(ScanEngine engine, MetricField field, string symbol)
    {
        var columns = engine.Columns;
        for (var row = 0; row < columns.Count; row++)
        {
            if (columns.Symbol(row) == symbol)
            {
                return columns.Number(field, row);
            }
        }
        throw new InvalidOperationException($"{symbol} is not in the last snapshot.");
    }

    private static void Feed(ScanEngine engine, DateTimeOffset asOf, params MarketQuote[] quotes) =>
        engine.Scan(Snapshot(asOf, quotes), FlatBaselines(quotes.Select(q => q.Symbol).ToArray()));

    private static ScanEngine Engine() => new(new ScanThresholds(), topN: 10, filteredRows: 10);

    [Fact]
    public void Windows_compare_with_the_snapshot_at_or_just_before_their_start()
    {
        var engine = Engine();
        var start = NewYork(10, 0);
        for (var k = 0; k <= 72; k++)
        {
            // BBB is missing from the 10:01:00 snapshot, the one its 5-minute window would use.
            MarketQuote[] quotes = k == 12 ? [Step("AAA", k)] : [Step("AAA", k), Step("BBB", k)];
            Feed(engine, start.AddSeconds(5 * k), quotes);
        }

        // Now 10:06:00, k = 72: one minute back is k = 60, five minutes back k = 12.
        Assert.Equal(Change(10.72, 10.60), Value(engine, MetricCatalog.Change1MinPercent, "AAA"), 1e-4);
        Assert.Equal(Change(10.72, 10.12), Value(engine, MetricCatalog.Change5MinPercent, "AAA"), 1e-4);
        Assert.Equal(72_000 - 60_000, Value(engine, MetricCatalog.Volume1Min, "AAA"));
        Assert.Equal(72_000 - 12_000, Value(engine, MetricCatalog.Volume5Min, "AAA"));

        // Six minutes of history: nothing for 15, 30 or 60 minutes.
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change15MinPercent, "AAA")));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change30MinPercent, "AAA")));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change60MinPercent, "AAA")));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Volume15Min, "AAA")));

        // BBB was not in the snapshot the 5-minute window uses: null, not the next one's price.
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change5MinPercent, "BBB")));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Volume5Min, "BBB")));
        Assert.Equal(Change(10.72, 10.60), Value(engine, MetricCatalog.Change1MinPercent, "BBB"), 1e-4);

        // A scan's result rows are published as ranked rows, like a category's.
        var row = engine.RowOf(1);
        Assert.Equal(("BBB", 10.72), (row.Symbol, row.Price));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RowOf(2));
    }

    [Fact]
    public void An_unchanged_price_is_exactly_zero_percent()
    {
        var engine = Engine();
        for (var k = 0; k <= 20; k++)
        {
            Feed(engine, NewYork(10, 0).AddSeconds(5 * k), Quote("FLAT", 10.05, 10, 10, 1_000));
        }
        Assert.Equal(0, Value(engine, MetricCatalog.Change1MinPercent, "FLAT"));
        Assert.Equal(0, Value(engine, MetricCatalog.Volume1Min, "FLAT"));
    }

    [Fact]
    public void A_window_longer_than_the_history_is_null()
    {
        var engine = Engine();
        for (var k = 0; k <= 36; k++)
        {
            Feed(engine, NewYork(10, 0).AddSeconds(5 * k), Step("AAA", k));
        }
        // Three minutes in: the 1-minute window exists, the 5-minute one does not.
        Assert.Equal(Change(10.36, 10.24), Value(engine, MetricCatalog.Change1MinPercent, "AAA"), 1e-4);
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change5MinPercent, "AAA")));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Volume5Min, "AAA")));
    }

    [Fact]
    public void A_snapshot_more_than_the_tolerance_before_the_window_start_is_not_used()
    {
        var engine = Engine();
        for (var k = 0; k <= 12; k++)
        {
            Feed(engine, NewYork(9, 59).AddSeconds(5 * k), Step("AAA", k));
        }
        // The last snapshot before the gap is at 10:00:00 (k = 12).
        Feed(engine, NewYork(10, 5, 10), Step("AAA", 20));
        Assert.Equal(Change(10.20, 10.12), Value(engine, MetricCatalog.Change5MinPercent, "AAA"), 1e-4); // 10 s before 10:00:10
        Feed(engine, NewYork(10, 5, 20), Step("AAA", 21));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change5MinPercent, "AAA")));               // 20 s before 10:00:20
    }

    [Fact]
    public void Long_windows_use_the_first_snapshot_of_each_minute()
    {
        var engine = Engine();
        var start = NewYork(9, 0, 3);
        var k = 0;
        for (; start.AddSeconds(5 * k) <= NewYork(10, 10, 33); k++)
        {
            Feed(engine, start.AddSeconds(5 * k), Step("AAA", k));
        }
        k--;
        // Now 10:10:33. The windows start at 09:10:33, 09:40:33 and 09:55:33; the minute ring holds
        // 09:10:03, 09:40:03 and 09:55:03 (the first snapshot of those minutes), 30 s before: within 90 s.
        static int StepAt(int minutesAfterNine) => minutesAfterNine * 12;
        Assert.Equal(Change(10 + k * 0.01, 10 + StepAt(10) * 0.01), Value(engine, MetricCatalog.Change60MinPercent, "AAA"), 1e-4);
        Assert.Equal(Change(10 + k * 0.01, 10 + StepAt(40) * 0.01), Value(engine, MetricCatalog.Change30MinPercent, "AAA"), 1e-4);
        Assert.Equal(Change(10 + k * 0.01, 10 + StepAt(55) * 0.01), Value(engine, MetricCatalog.Change15MinPercent, "AAA"), 1e-4);
        Assert.Equal(1_000.0 * (k - StepAt(55)), Value(engine, MetricCatalog.Volume15Min, "AAA"));
        Assert.Equal((IntradayHistory.RecentCapacity, IntradayHistory.MinuteCapacity), engine.History.Kept);
    }

    [Fact]
    public void Windows_do_not_reach_into_the_previous_trading_day()
    {
        var engine = Engine();
        var start = NewYork(3, 58);
        for (var k = 0; k <= 30; k++)
        {
            Feed(engine, start.AddSeconds(5 * k), Step("AAA", k));   // 03:58:00 to 04:00:30
        }
        // 04:00:30: a minute back is 03:59:30, still Monday's trading day (they start at 04:00).
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change1MinPercent, "AAA")));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Volume1Min, "AAA")));
        for (var k = 31; k <= 42; k++)
        {
            Feed(engine, start.AddSeconds(5 * k), Step("AAA", k));
        }
        // 04:01:30: a minute back is 04:00:30, today.
        Assert.Equal(Change(10.42, 10.30), Value(engine, MetricCatalog.Change1MinPercent, "AAA"), 1e-4);
        Assert.Equal(12_000, Value(engine, MetricCatalog.Volume1Min, "AAA"));
    }

    [Fact]
    public void A_volume_that_went_down_has_no_window()
    {
        var engine = Engine();
        for (var k = 0; k <= 12; k++)
        {
            Feed(engine, NewYork(10, 0).AddSeconds(5 * k), Step("AAA", 100 - k));
        }
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Volume1Min, "AAA")));
    }

    [Fact]
    public void An_older_snapshot_is_used_for_its_windows_but_not_kept()
    {
        var engine = Engine();
        for (var k = 0; k <= 24; k++)
        {
            Feed(engine, NewYork(10, 0).AddSeconds(5 * k), Step("AAA", k));
        }
        var newest = engine.History.Newest;
        Feed(engine, NewYork(10, 1, 30), Step("AAA", 18));
        Assert.Equal(newest, engine.History.Newest);
        Assert.Equal(Change(10.18, 10.06), Value(engine, MetricCatalog.Change1MinPercent, "AAA"), 1e-4);
    }

    [Fact]
    public void A_ticker_gone_for_65_minutes_gives_its_slot_up_and_a_new_one_inherits_nothing()
    {
        var engine = Engine();
        var start = NewYork(10, 0);
        Feed(engine, start, Step("GONE", 0), Step("STAY", 0));
        Assert.Equal(2, engine.History.Tickers);
        var k = 1;
        for (; k <= 66 * 12; k++)
        {
            Feed(engine, start.AddSeconds(5 * k), Step("STAY", k));
        }
        Assert.Equal(1, engine.History.Tickers);

        // NEW takes the freed slot: its first snapshot has no window, a minute later it has one.
        Feed(engine, start.AddSeconds(5 * k), Step("STAY", k), Step("NEW", 500));
        Assert.True(double.IsNaN(Value(engine, MetricCatalog.Change1MinPercent, "NEW")));
        for (var j = 1; j <= 12; j++)
        {
            Feed(engine, start.AddSeconds(5 * (k + j)), Step("STAY", k + j), Step("NEW", 500 + j));
        }
        Assert.Equal(Change(15.12, 15.00), Value(engine, MetricCatalog.Change1MinPercent, "NEW"), 1e-4);
        Assert.Equal(2, engine.History.Tickers);
    }
}
