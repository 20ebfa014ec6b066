using Tradeul.Scanner.Catalog;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.History;

/// <summary>
/// The Scanner's bounded memory of recent snapshots, from which the intraday windows
/// (<c>change_5min_percent</c>, <c>volume_5min</c>, …) are computed. Each ticker symbol has a slot;
/// two rings keep, per slot, the price and cumulative volume of past snapshots (8 bytes each):
/// <list type="bullet">
/// <item>the recent ring: every snapshot at least 4.5 s after the last one kept, 72 of them (at least 5 min 24 s), for the 1- and 5-minute windows;</item>
/// <item>the minute ring: the first snapshot of each clock minute, 64 of them, for the 15-, 30- and 60-minute windows.</item>
/// </list>
/// So a ticker costs 136 × 8 = 1,088 bytes plus slack (the slot table grows by half when full).
/// A ticker unseen for 65 minutes gives its slot up, so the memory follows the live universe.
/// Snapshots must come oldest first: one not newer than the newest kept is used for its windows but
/// not kept. Nothing is allocated per cycle once the slot table fits. Not thread-safe: the scan loop
/// (or the rebuild before it starts) drives it.
/// </summary>
public sealed class IntradayHistory
{
    public const int RecentCapacity = 72;
    public const int MinuteCapacity = 64;
    public static readonly TimeSpan RecentSpacing = TimeSpan.FromSeconds(4.5);
    public static readonly TimeSpan EvictAfter = TimeSpan.FromMinutes(65);

    /// <summary>Each window length with its change field and, for 1, 5 and 15 minutes, its volume field: one pass per length.</summary>
    private static readonly (TimeSpan Length, MetricField Change, MetricField? Volume)[] Windows =
    [
        (TimeSpan.FromMinutes(1), MetricCatalog.Change1MinPercent, MetricCatalog.Volume1Min),
        (TimeSpan.FromMinutes(5), MetricCatalog.Change5MinPercent, MetricCatalog.Volume5Min),
        (TimeSpan.FromMinutes(15), MetricCatalog.Change15MinPercent, MetricCatalog.Volume15Min),
        (TimeSpan.FromMinutes(30), MetricCatalog.Change30MinPercent, null),
        (TimeSpan.FromMinutes(60), MetricCatalog.Change60MinPercent, null),
    ];

    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private readonly HistoryRing _recent = new(RecentCapacity);
    private readonly HistoryRing _minute = new(MinuteCapacity);
    private string?[] _slotSymbols = [];
    private long[] _lastSeenMs = [];
    private int _used;
    private int[] _rowSlots = [];
    private long _newestMs = long.MinValue;

    /// <summary>Tickers that have a slot.</summary>
    public int Tickers => _slotOf.Count;

    /// <summary>Bytes held by the rings and the slot table (what <c>history_mb</c> reports).</summary>
    public long Bytes => _recent.Bytes + _minute.Bytes + _slotSymbols.Length * 16L + _rowSlots.Length * 4L + _slotOf.Count * 24L;

    /// <summary>Snapshots kept in the recent and the minute ring.</summary>
    public (int Recent, int Minute) Kept => (_recent.Count, _minute.Count);

    /// <summary>Time of the newest kept snapshot; null when none is kept.</summary>
    public DateTimeOffset? Newest => _newestMs == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(_newestMs);

    /// <summary>How far back the kept snapshots reach from the newest (zero when fewer than two are kept).</summary>
    public TimeSpan Covered => _newestMs == long.MinValue ? TimeSpan.Zero
        : TimeSpan.FromMilliseconds(_newestMs - Math.Min(_recent.OldestMs == long.MinValue ? _newestMs : _recent.OldestMs, _minute.OldestMs == long.MinValue ? _newestMs : _minute.OldestMs));

    /// <summary>
    /// Gives every row of <paramref name="snapshot"/> its slot (returned, indexed by row) and keeps the
    /// snapshot when it is newer than the newest kept one and due in a ring.
    /// </summary>
    public ReadOnlySpan<int> Record(RawSnapshot snapshot)
    {
        var quotes = snapshot.Rows;
        var asOfMs = snapshot.AsOf.ToUnixTimeMilliseconds();
        if (_rowSlots.Length < quotes.Length)
        {
            Array.Resize(ref _rowSlots, quotes.Length + quotes.Length / 8);
        }
        if (_slotSymbols.Length < quotes.Length)
        {
            // Sized for the universe at once, not grown step by step through the first snapshot.
            Grow(quotes.Length + quotes.Length / 8);
        }
        for (var i = 0; i < quotes.Length; i++)
        {
            var slot = SlotOf(quotes[i].Symbol, _rowSlots[i]);
            _rowSlots[i] = slot;
            if (_lastSeenMs[slot] < asOfMs)
            {
                _lastSeenMs[slot] = asOfMs;
            }
        }
        var slots = _rowSlots.AsSpan(0, quotes.Length);
        if (asOfMs <= _newestMs)
        {
            return slots;
        }
        var recentDue = _recent.Count == 0 || asOfMs - _recent.NewestMs >= (long)RecentSpacing.TotalMilliseconds;
        var minuteDue = _minute.Count == 0 || asOfMs / 60_000 != _minute.NewestMs / 60_000;
        if (recentDue || minuteDue)
        {
            var day = TradingDay.Of(snapshot.AsOf);
            if (recentDue)
            {
                Write(_recent.Push(asOfMs, day, _used), quotes, slots);
            }
            if (minuteDue)
            {
                Write(_minute.Push(asOfMs, day, _used), quotes, slots);
                Evict(asOfMs);
            }
        }
        _newestMs = asOfMs;
        return slots;
    }

    /// <summary>
    /// Fills the window columns of <paramref name="columns"/> (whose price and volume columns are already
    /// filled) for rows whose slots <see cref="Record"/> returned, at time <paramref name="now"/> (the
    /// snapshot's as-of); see <see cref="IntradayWindows"/> for the rule.
    /// </summary>
    public void FillWindows(ReadOnlySpan<int> slots, DateTimeOffset now, MetricColumns columns)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var today = TradingDay.Of(now);
        var rows = slots.Length;
        var prices = columns.NumberArray(MetricCatalog.Price).AsSpan(0, rows);
        var volumes = columns.NumberArray(MetricCatalog.Volume).AsSpan(0, rows);
        foreach (var (length, changeField, volumeField) in Windows)
        {
            var changes = columns.NumberArray(changeField).AsSpan(0, rows);
            var traded = volumeField is null ? default : columns.NumberArray(volumeField).AsSpan(0, rows);
            if (!TryFind(nowMs, length, today, out var samples))
            {
                changes.Fill(double.NaN);
                traded.Fill(double.NaN);
                continue;
            }
            for (var i = 0; i < rows; i++)
            {
                var then = samples[slots[i]];
                // Both prices as floats: an unchanged price is exactly 0 %, not a rounding error.
                double past = then.Price;
                changes[i] = past > 0 ? ((float)prices[i] - past) / past * 100 : double.NaN;
            }
            if (volumeField is null)
            {
                continue;
            }
            for (var i = 0; i < rows; i++)
            {
                var then = samples[slots[i]];
                var volume = volumes[i] - then.Volume;
                traded[i] = then.Volume != HistorySample.NoVolume && volume >= 0 ? volume : double.NaN;
            }
        }
    }

    private bool TryFind(long nowMs, TimeSpan length, DateOnly today, out HistorySample[] samples)
    {
        var targetMs = nowMs - (long)length.TotalMilliseconds;
        var oldestMs = targetMs - (long)IntradayWindows.ToleranceFor(length).TotalMilliseconds;
        var inRecent = _recent.TryFindAtOrBefore(targetMs, out var recentPosition, out var recentMs);
        var inMinute = _minute.TryFindAtOrBefore(targetMs, out var minutePosition, out var minuteMs);
        var (ring, position, timeMs) = inRecent && (!inMinute || recentMs >= minuteMs)
            ? (_recent, recentPosition, recentMs)
            : (_minute, minutePosition, minuteMs);
        if ((inRecent || inMinute) && timeMs >= oldestMs && ring.DayAt(position) == today)
        {
            samples = ring.SamplesAt(position);
            return true;
        }
        samples = [];
        return false;
    }

    private static void Write(HistorySample[] samples, ReadOnlySpan<MarketQuote> quotes, ReadOnlySpan<int> slots)
    {
        for (var i = 0; i < quotes.Length; i++)
        {
            samples[slots[i]] = HistorySample.Of(quotes[i].Price, quotes[i].TodayVolume);
        }
    }

    /// <summary>The slot of <paramref name="symbol"/>; <paramref name="hint"/> (its slot last cycle) makes the usual case one comparison.</summary>
    private int SlotOf(string symbol, int hint)
    {
        // The decoder interns symbols, so the same ticker in the same row is the same string instance.
        if ((uint)hint < (uint)_used && ReferenceEquals(_slotSymbols[hint], symbol))
        {
            return hint;
        }
        if (_slotOf.TryGetValue(symbol, out var slot))
        {
            _slotSymbols[slot] = symbol;
            return slot;
        }
        if (_free.TryPop(out slot))
        {
            _recent.Clear(slot);
            _minute.Clear(slot);
        }
        else
        {
            if (_used == _slotSymbols.Length)
            {
                Grow(_slotSymbols.Length + _slotSymbols.Length / 2);
            }
            slot = _used++;
        }
        _slotOf[symbol] = slot;
        _slotSymbols[slot] = symbol;
        _lastSeenMs[slot] = long.MinValue;
        return slot;
    }

    private void Grow(int capacity)
    {
        capacity = Math.Max(1_024, capacity);
        Array.Resize(ref _slotSymbols, capacity);
        Array.Resize(ref _lastSeenMs, capacity);
        _recent.Resize(capacity);
        _minute.Resize(capacity);
    }

    private void Evict(long nowMs)
    {
        var cutoff = nowMs - (long)EvictAfter.TotalMilliseconds;
        for (var slot = 0; slot < _used; slot++)
        {
            if (_slotSymbols[slot] is { } symbol && _lastSeenMs[slot] < cutoff)
            {
                _slotOf.Remove(symbol);
                _slotSymbols[slot] = null;
                _free.Push(slot);
            }
        }
    }
}
