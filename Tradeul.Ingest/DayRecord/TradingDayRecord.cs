using System.Runtime.InteropServices;
using Tradeul.Ingest.Validation;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// The platform's own record of one trading day (04:00 ET to 04:00 ET of the next trading
/// day, <see cref="TradingDay"/>): per symbol the open, high, low and volume built from
/// everything Ingest has been shown: day bars, minute bars (<c>min.h</c>/<c>min.l</c>/<c>min.av</c>)
/// and last trades. It fills a published quote's day values that the provider left at zero
/// (Polygon's day bar is zero all through the pre-market, and at times later, issue 11 case 02b).
/// <para>
/// When it knows a symbol's day high and low: the record has had the whole day in view
/// since 04:00 ET (its first snapshot came within <see cref="DayRecordOptions.MaxObservationGap"/>
/// of 04:00 and no two snapshots since were further apart), or since the provider last sent
/// the symbol's day bar (which carries the extremes up to then) with no such gap since.
/// Otherwise a high or low may have been made unseen and is published as unknown (0; null
/// downstream), so new_highs and new_lows skip the symbol instead of guessing: a record
/// started at 18:00 on a zero day bar knows nothing about the day's extremes.
/// </para>
/// <para>
/// The open is the regular session's (09:30 ET): the day bar's <c>o</c> when sent; else the
/// price of the first snapshot that shows a trade at or after 09:30, when the record had the
/// symbol's day in view (up to one Ingest interval late); before 09:30 there is none. Volume
/// is cumulative, so the largest day bar <c>v</c> or minute bar <c>av</c> seen today is known
/// without any watch. A row whose minute bar (else last update) is older than 04:00 ET is
/// yesterday's and teaches the record nothing.
/// </para>
/// <para>
/// The VWAP is a running sum over the minute bars (<c>min.vw</c>, <c>min.v</c>; see
/// <see cref="RunningVwap"/>, an approximation), known under the same rule as the high and
/// low: watched since 04:00 ET, or since the provider last sent the symbol's day VWAP (which
/// then replaces the sum as the authority), with no gap since. It fills only a zero day
/// <c>vw</c>; unknown stays 0 (null downstream), so before the open momentum_up/down, which
/// need the price's side of VWAP, work from the record's VWAP or skip the symbol.
/// </para>
/// Not thread-safe: <see cref="DayRecordKeeper"/> serializes access.
/// </summary>
internal sealed class TradingDayRecord
{
    private readonly Dictionary<string, DayRecordEntry> _entries;
    private readonly long _dayStartMs;
    private readonly long _regularOpenMs;
    private int _epoch;
    private long _cycle;

    public TradingDayRecord(DateOnly date)
        : this(date, lastObservedAt: null, coversDayStart: false, [])
    {
    }

    /// <summary>A record as it was kept (<see cref="DayRecordCodec"/>).</summary>
    public TradingDayRecord(DateOnly date, DateTimeOffset? lastObservedAt, bool coversDayStart, IReadOnlyCollection<DayRecordEntryState> entries)
    {
        Date = date;
        DayStart = TradingDay.StartOf(date);
        RegularOpen = TradingDay.RegularOpenOf(date);
        _dayStartMs = DayStart.ToUnixTimeMilliseconds();
        _regularOpenMs = RegularOpen.ToUnixTimeMilliseconds();
        LastObservedAt = lastObservedAt;
        CoversDayStart = coversDayStart;
        _entries = new Dictionary<string, DayRecordEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            _entries[e.Symbol] = new DayRecordEntry
            {
                Open = e.Open,
                High = e.High,
                Low = e.Low,
                Volume = e.Volume,
                KnownEpoch = e.Known ? _epoch : -1,
                Vwap = e.Vwap,
                VwapKnownEpoch = e.VwapKnown ? _epoch : -1,
            };
        }
    }

    public DateOnly Date { get; }

    /// <summary>04:00 ET of <see cref="Date"/>.</summary>
    public DateTimeOffset DayStart { get; }

    /// <summary>09:30 ET of <see cref="Date"/>.</summary>
    public DateTimeOffset RegularOpen { get; }

    /// <summary>As-of time of the newest snapshot observed; null before the first.</summary>
    public DateTimeOffset? LastObservedAt { get; private set; }

    /// <summary>True while every snapshot since 04:00 ET has been observed without a gap over the limit.</summary>
    public bool CoversDayStart { get; private set; }

    public int Symbols => _entries.Count;

    /// <summary>
    /// Observes one snapshot and returns its quotes with each zero (not given) open, high, low,
    /// volume and VWAP taken from the record where the record knows it. The high and low
    /// published are the record's whenever it knows them: the day bar's, or higher/lower
    /// when a minute bar or trade the day bar has not caught up with went beyond it. Rows
    /// the validator will drop pass through unchanged and teach the record nothing.
    /// </summary>
    /// <param name="quotes">The provider's rows, day bars raw (0 = not given).</param>
    /// <param name="asOf">The snapshot's market time; must belong to <see cref="Date"/>.</param>
    /// <param name="maxGap">See <see cref="DayRecordOptions.MaxObservationGap"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="asOf"/> is not in this trading day.</exception>
    public DayRecordApplied Apply(IReadOnlyList<MarketQuote> quotes, DateTimeOffset asOf, TimeSpan maxGap)
    {
        if (TradingDay.Of(asOf) != Date)
        {
            throw new ArgumentException($"A snapshot of {asOf:O} is not in the trading day {Date:yyyy-MM-dd}.", nameof(asOf));
        }
        Observe(asOf, maxGap);
        _cycle++;
        var asOfMs = asOf.ToUnixTimeMilliseconds();
        var maxGapMs = (long)maxGap.TotalMilliseconds;
        var afterOpen = asOf >= RegularOpen;
        var published = new MarketQuote[quotes.Count];
        int filled = 0, unknown = 0;
        for (var i = 0; i < quotes.Count; i++)
        {
            var quote = quotes[i];
            published[i] = quote;
            if (QuoteValidator.Check(quote, MarketSession.PreMarket) is not null || IsFromAnEarlierDay(quote))
            {
                continue;
            }
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, quote.Symbol, out _);
            // A symbol first seen while the record has watched since 04:00 has not traded unseen today.
            var entry = slot ??= new DayRecordEntry { KnownEpoch = CoversDayStart ? _epoch : -1, VwapKnownEpoch = CoversDayStart ? _epoch : -1 };
            if (entry.LastCycle == _cycle)
            {
                continue; // a duplicate row, which the validator drops: the first one is the observation
            }
            entry.LastCycle = _cycle;
            // Snapshots kept coming but without this symbol (a partial answer, held back as
            // suspect or not): its extremes may have moved unseen, as after a gap in the whole record.
            if (entry.LastSeenUnixMs >= 0 && asOfMs - entry.LastSeenUnixMs > maxGapMs)
            {
                entry.KnownEpoch = -1;
                entry.VwapKnownEpoch = -1;
            }
            entry.LastSeenUnixMs = asOfMs;
            Fold(entry, quote, afterOpen);
            FoldVwap(entry, quote);

            var known = entry.KnownEpoch == _epoch;
            var result = quote with
            {
                Open = quote.Open > 0 ? quote.Open : entry.Open,
                High = known ? entry.High : quote.High,
                Low = known ? entry.Low : quote.Low,
                Volume = quote.Volume > 0 ? quote.Volume : entry.Volume,
                Vwap = quote.Vwap > 0 ? quote.Vwap : entry.VwapKnownEpoch == _epoch ? entry.Vwap.Value : 0,
            };
            if ((quote.Open == 0 && result.Open > 0) || (quote.High == 0 && result.High > 0)
                || (quote.Low == 0 && result.Low > 0) || (quote.Volume == 0 && result.Volume > 0)
                || (quote.Vwap == 0 && result.Vwap > 0))
            {
                filled++;
            }
            if (result.High == 0 || result.Low == 0)
            {
                unknown++;
            }
            published[i] = result;
        }
        return new DayRecordApplied(published, filled, unknown);
    }

    /// <summary>Every entry as it should be kept; "known" as of now.</summary>
    public IEnumerable<DayRecordEntryState> Entries()
    {
        foreach (var (symbol, e) in _entries)
        {
            yield return new DayRecordEntryState(symbol, e.Open, e.High, e.Low, e.Volume, e.KnownEpoch == _epoch, e.Vwap, e.VwapKnownEpoch == _epoch);
        }
    }

    /// <summary>A gap over the limit starts a new epoch: nothing known before it is known after it.</summary>
    private void Observe(DateTimeOffset asOf, TimeSpan maxGap)
    {
        if (LastObservedAt is not { } last)
        {
            CoversDayStart = asOf - DayStart <= maxGap;
        }
        else if (asOf - last > maxGap)
        {
            _epoch++;
            CoversDayStart = false;
        }
        if (LastObservedAt is null || asOf > LastObservedAt)
        {
            LastObservedAt = asOf;
        }
    }

    private void Fold(DayRecordEntry entry, in MarketQuote quote, bool afterOpen)
    {
        if (quote.High > 0 && quote.Low > 0)
        {
            // The day bar holds the extremes up to its last update: the record has the day in view again.
            entry.High = Math.Max(entry.High, quote.High);
            entry.Low = LowerNonZero(entry.Low, quote.Low);
            entry.KnownEpoch = _epoch;
        }
        entry.Volume = Math.Max(entry.Volume, quote.Volume);
        var tradedAtMs = LastActivityMs(quote);
        if (tradedAtMs >= _dayStartMs)
        {
            entry.High = Math.Max(entry.High, quote.Price);
            entry.Low = LowerNonZero(entry.Low, quote.Price);
            if (IsPrice(quote.MinuteHigh))
            {
                entry.High = Math.Max(entry.High, quote.MinuteHigh);
            }
            if (IsPrice(quote.MinuteLow))
            {
                entry.Low = LowerNonZero(entry.Low, quote.MinuteLow);
            }
            entry.Volume = Math.Max(entry.Volume, quote.AccumulatedVolume);
        }
        if (quote.Open > 0)
        {
            entry.Open = quote.Open;
        }
        else if (entry.Open == 0 && afterOpen && tradedAtMs >= _regularOpenMs && entry.KnownEpoch == _epoch)
        {
            entry.Open = quote.Price;
        }
    }

    /// <summary>
    /// Counts today's minute bar into the running VWAP; then a day bar with a VWAP of its own
    /// replaces the sum (weighted by the day's cumulative volume, <see cref="MarketQuote.TodayVolume"/>,
    /// as VWAP covers every trade of the day) and makes it known again, as a day bar's high and
    /// low do for the extremes.
    /// </summary>
    private void FoldVwap(DayRecordEntry entry, in MarketQuote quote)
    {
        if (quote.MinuteStartUnixMs >= _dayStartMs && IsPrice(quote.MinuteVwap) && IsShares(quote.MinuteVolume))
        {
            entry.Vwap.Observe(quote.MinuteStartUnixMs, quote.MinuteVwap, quote.MinuteVolume);
        }
        if (IsPrice(quote.Vwap) && IsShares(quote.TodayVolume))
        {
            entry.Vwap.Anchor(quote.Vwap, quote.TodayVolume);
            entry.VwapKnownEpoch = _epoch;
        }
    }

    /// <summary>
    /// A row whose minute bar (else last update) predates 04:00 ET is left over from an
    /// earlier day.
    /// </summary>
    private bool IsFromAnEarlierDay(in MarketQuote quote)
    {
        var at = LastActivityMs(quote);
        return at != long.MaxValue && at < _dayStartMs;
    }

    /// <summary>
    /// When the row last traded, as far as it says (Unix ms). A row with neither time is taken
    /// as trading now (<see cref="long.MaxValue"/>): the provider sent it now.
    /// </summary>
    private static long LastActivityMs(in MarketQuote quote) =>
        quote.MinuteStartUnixMs > 0 ? quote.MinuteStartUnixMs
        : quote.UpdatedUnixMs > 0 ? quote.UpdatedUnixMs
        : long.MaxValue;

    private static bool IsPrice(double value) => double.IsFinite(value) && value > 0 && value <= QuoteValidator.MaxPrice;

    private static bool IsShares(long value) => value is > 0 and <= RunningVwap.MaxShares;

    /// <summary>Zero means "not seen", so it must not win as a low.</summary>
    private static double LowerNonZero(double current, double candidate) =>
        current == 0 ? candidate : candidate == 0 ? current : Math.Min(current, candidate);
}

/// <summary>The quotes to publish and how many of them took a value from the record / still lack a day high or low.</summary>
internal sealed record DayRecordApplied(MarketQuote[] Quotes, int FilledRows, int UnknownRows);
