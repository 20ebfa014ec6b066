using System.Collections.Frozen;

namespace Tradeul.Scanner.Catalog;

/// <summary>
/// Every field a scan can use: the metrics the Scanner computes (under the names its ranking JSON
/// uses), reference data, and intraday windows from <see cref="History.IntradayHistory"/>. Each cycle
/// the engine fills one column per field (<see cref="MetricColumns"/>); a value the data cannot
/// support is null (NaN in a number column, -1 in a text column).
/// </summary>
public static class MetricCatalog
{
    private static int _next;

    // Snapshot
    public static readonly MetricField Price = Field("price", MetricUnit.Usd, MetricSource.Snapshot,
        "Last trade price.", "The snapshot's last trade (Polygon lastTrade.p, else the minute or day close).");
    public static readonly MetricField PrevClose = Field("prev_close", MetricUnit.Usd, MetricSource.Snapshot,
        "Previous session's close.", "From the snapshot; on a split's ex-date divided by the split ratio by Ingest.");
    public static readonly MetricField Open = Field("open", MetricUnit.Usd, MetricSource.Snapshot,
        "Today's opening print.", "The day bar's open; null before 09:30 New York time or when unknown.");
    public static readonly MetricField High = Field("high", MetricUnit.Usd, MetricSource.Snapshot,
        "Today's high, extended hours included.", "max(day high, price); null when the day high is unknown.");
    public static readonly MetricField Low = Field("low", MetricUnit.Usd, MetricSource.Snapshot,
        "Today's low, extended hours included.", "min(day low, price); null when the day low is unknown.");
    public static readonly MetricField Vwap = Field("vwap", MetricUnit.Usd, MetricSource.Snapshot,
        "Today's volume-weighted average price.", "The day bar's VWAP, else Ingest's running VWAP from minute bars; null when unknown.");
    public static readonly MetricField Volume = Field("volume", MetricUnit.Shares, MetricSource.Snapshot,
        "Shares traded today, pre-market included.", "max(day bar volume, accumulated volume).");

    // Computed
    public static readonly MetricField DollarVolume = Field("dollar_volume", MetricUnit.Usd, MetricSource.Computed,
        "Dollars traded today.", "volume × price.");
    public static readonly MetricField ChangePercent = Field("change_percent", MetricUnit.Percent, MetricSource.Computed,
        "Change since the previous close.", "(price − prev_close) / prev_close × 100; null for a row whose split is unresolved.");
    public static readonly MetricField GapPercent = Field("gap_percent", MetricUnit.Percent, MetricSource.Computed,
        "Opening gap.", "(open − prev_close) / prev_close × 100; in PRE_MARKET (price − prev_close) / prev_close × 100; null without an open or for a row whose split is unresolved.");
    public static readonly MetricField ChangeFromOpenPercent = Field("change_from_open_percent", MetricUnit.Percent, MetricSource.Computed,
        "Change since the open.", "(price − open) / open × 100; null without an open.");
    public static readonly MetricField VwapDistancePercent = Field("vwap_distance_percent", MetricUnit.Percent, MetricSource.Computed,
        "Distance from VWAP, above positive.", "(price − vwap) / vwap × 100; null without a VWAP.");
    public static readonly MetricField FromHighPercent = Field("from_high_percent", MetricUnit.Percent, MetricSource.Computed,
        "How far below the day's high.", "(high − price) / high × 100; 0 at the high; null when the high is unknown.");
    public static readonly MetricField FromLowPercent = Field("from_low_percent", MetricUnit.Percent, MetricSource.Computed,
        "How far above the day's low.", "(price − low) / low × 100; 0 at the low; null when the low is unknown.");
    public static readonly MetricField RangePercent = Field("range_percent", MetricUnit.Percent, MetricSource.Computed,
        "The day's range.", "(high − low) / low × 100; null when the high or low is unknown.");
    public static readonly MetricField MovePercent = Field("move_percent", MetricUnit.Percent, MetricSource.Computed,
        "The move now: from the open, or from VWAP before the open.", "change_from_open_percent; in PRE_MARKET, or without an open, vwap_distance_percent.");
    public static readonly MetricField Rvol = Field("rvol", MetricUnit.Ratio, MetricSource.Computed,
        "Relative volume for the time of day.", "volume / mean cumulative volume at the same time of day over the last 5 trading days (interpolated within the 5-minute slot, restated for a split); null without a baseline.");
    public static readonly MetricField FloatRotation = Field("float_rotation", MetricUnit.Ratio, MetricSource.Computed,
        "Times the float traded today.", "volume / float_shares; null without a float.");
    public static readonly MetricField Score = Field("score", MetricUnit.Number, MetricSource.Computed,
        "How far and how unusually a ticker moves (the order of filtered_complete).", "abs(change_percent) + 0.5 × abs(gap_percent) + 2 × min(rvol, 10), unknown parts counting 0.");

    // Reference data
    public static readonly MetricField MarketCap = Field("market_cap", MetricUnit.Usd, MetricSource.Reference,
        "Market capitalisation.", "From metadata:ticker:{SYM}; null when unknown.");
    public static readonly MetricField FloatShares = Field("float_shares", MetricUnit.Shares, MetricSource.Reference,
        "Shares in the float.", "From metadata:ticker:{SYM}; null when unknown.");
    public static readonly MetricField SharesOutstanding = Field("shares_outstanding", MetricUnit.Shares, MetricSource.Reference,
        "Shares outstanding.", "From metadata:ticker:{SYM}; null when unknown.");
    public static readonly MetricField AvgVolume = Field("avg_volume", MetricUnit.Shares, MetricSource.Reference,
        "Average daily volume.", "From metadata:ticker:{SYM}; null when unknown.");

    // Intraday windows (History.IntradayWindows says how each is looked up)
    public static readonly MetricField Change1MinPercent = Window("change_1min_percent", MetricUnit.Percent, "Change over the last minute.", 1);
    public static readonly MetricField Change5MinPercent = Window("change_5min_percent", MetricUnit.Percent, "Change over the last 5 minutes.", 5);
    public static readonly MetricField Change15MinPercent = Window("change_15min_percent", MetricUnit.Percent, "Change over the last 15 minutes.", 15);
    public static readonly MetricField Change30MinPercent = Window("change_30min_percent", MetricUnit.Percent, "Change over the last 30 minutes.", 30);
    public static readonly MetricField Change60MinPercent = Window("change_60min_percent", MetricUnit.Percent, "Change over the last 60 minutes.", 60);
    public static readonly MetricField Volume1Min = Window("volume_1min", MetricUnit.Shares, "Shares traded in the last minute.", 1);
    public static readonly MetricField Volume5Min = Window("volume_5min", MetricUnit.Shares, "Shares traded in the last 5 minutes.", 5);
    public static readonly MetricField Volume15Min = Window("volume_15min", MetricUnit.Shares, "Shares traded in the last 15 minutes.", 15);

    // Text
    public static readonly MetricField Sector = Field("sector", MetricUnit.Text, MetricSource.Reference,
        "Sector, e.g. \"Technology\".", "From metadata:ticker:{SYM}; null when unknown. Compared case-insensitively.");
    public static readonly MetricField Exchange = Field("exchange", MetricUnit.Text, MetricSource.Reference,
        "Primary exchange as its MIC, e.g. \"XNAS\".", "From metadata:ticker:{SYM}; null when unknown. Compared case-insensitively.");
    public static readonly MetricField Session = Field("session", MetricUnit.Text, MetricSource.Computed,
        "Market session of the snapshot.", "PRE_MARKET (04:00-09:30), MARKET_OPEN (09:30-16:00), POST_MARKET (16:00-20:00) or CLOSED, New York time, NYSE calendar.");

    /// <summary>Every field, in <see cref="MetricField.Ordinal"/> order.</summary>
    public static IReadOnlyList<MetricField> All { get; } =
    [
        Price, PrevClose, Open, High, Low, Vwap, Volume,
        DollarVolume, ChangePercent, GapPercent, ChangeFromOpenPercent, VwapDistancePercent, FromHighPercent, FromLowPercent,
        RangePercent, MovePercent, Rvol, FloatRotation, Score,
        MarketCap, FloatShares, SharesOutstanding, AvgVolume,
        Change1MinPercent, Change5MinPercent, Change15MinPercent, Change30MinPercent, Change60MinPercent,
        Volume1Min, Volume5Min, Volume15Min,
        Sector, Exchange, Session,
    ];

    private static readonly FrozenDictionary<string, MetricField> ByName =
        All.ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The field named <paramref name="name"/>, case-insensitively; null when there is none.</summary>
    public static MetricField? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Looks a name up without allocating (the parser hands out spans).</summary>
    public static MetricField? Find(ReadOnlySpan<char> name) =>
        ByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var field) ? field : null;

    private static MetricField Field(string name, MetricUnit unit, MetricSource source, string description, string rule) =>
        new(name, unit, source, description, rule) { Ordinal = _next++ };

    private static MetricField Window(string name, MetricUnit unit, string description, int minutes)
    {
        var tolerance = History.IntradayWindows.ToleranceFor(TimeSpan.FromMinutes(minutes)).TotalSeconds;
        var rule = unit == MetricUnit.Percent
            ? $"(price − price then) / price then × 100, where then is the newest kept snapshot at or before {minutes} min ago and at most {tolerance:0} s older than that, on the same trading day; null when there is none."
            : $"volume − volume then (cumulative volume), then as for change_{minutes}min_percent; null when there is no such snapshot or the volume went down.";
        return Field(name, unit, MetricSource.Window, description, rule);
    }
}
