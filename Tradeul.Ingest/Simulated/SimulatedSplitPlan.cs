using Tradeul.Ingest.Splits;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Simulated;

/// <summary>
/// The simulated market's corporate actions, so the default path exercises split adjustment:
/// 2 to 4 splits each trading day, drawn from a generator seeded by the seed and the date.
/// Most are reverse splits (1-for-10 to 1-for-50) of names that opened the day below 3 USD, as
/// small caps do to keep a listing price; about one in seven is a 2-for-1 of a name above 50 USD.
/// A split name's price path and volumes move to the new share count for good, while its quote
/// keeps the unadjusted previous close for the ex-date, as Polygon's <c>prevDay</c> does.
/// </summary>
internal sealed class SimulatedSplitPlan(int seed)
{
    private const double ReverseBelowPrice = 3;
    private const double ForwardAbovePrice = 50;
    private const double ForwardShare = 0.15;
    private const int TriesPerSplit = 400;
    private const int DaysKept = 10;
    private static readonly int[] ReverseFactors = [10, 15, 20, 25, 30, 40, 50];

    private readonly Dictionary<DateOnly, Split[]> _byDate = [];
    private readonly List<int> _splitToday = [];

    /// <summary>The splits of <paramref name="date"/>; null when the market has not planned that day (or it is more than ten days gone).</summary>
    public IReadOnlyList<Split>? On(DateOnly date) => _byDate.GetValueOrDefault(date);

    /// <summary>Called once the day's tickers are reset: ends yesterday's splits, draws today's and applies them.</summary>
    public void StartDay(DateOnly date, SimulatedTicker[] tickers)
    {
        foreach (var index in _splitToday)
        {
            tickers[index].SplitRatio = 0;
            tickers[index].UnadjustedPrevClose = 0;
        }
        _splitToday.Clear();

        var splits = new List<Split>(4);
        if (MarketCalendar.IsTradingDay(date) && tickers.Length > 0)
        {
            var random = new SplitMix(unchecked((ulong)seed * 0xD6E8FEB86659FD93UL ^ (ulong)date.DayNumber * 0x9E3779B97F4A7C15UL));
            var count = 2 + (int)(random.NextDouble() * 3);
            for (var k = 0; k < count; k++)
            {
                var forward = random.NextDouble() < ForwardShare;
                var factor = ReverseFactors[(int)(random.NextDouble() * ReverseFactors.Length)];
                if (Pick(tickers, forward, ref random) is not { } index)
                {
                    continue; // a small universe may have no name of the right price
                }
                var split = forward
                    ? new Split(tickers[index].Symbol, date, SplitFrom: 1, SplitTo: 2)
                    : new Split(tickers[index].Symbol, date, SplitFrom: factor, SplitTo: 1);
                Apply(ref tickers[index], split.Ratio);
                _splitToday.Add(index);
                splits.Add(split);
            }
        }
        _byDate[date] = [.. splits];
        foreach (var old in _byDate.Keys.Where(d => d.DayNumber < date.DayNumber - DaysKept).ToArray())
        {
            _byDate.Remove(old);
        }
    }

    private int? Pick(SimulatedTicker[] tickers, bool forward, ref SplitMix random)
    {
        for (var attempt = 0; attempt < TriesPerSplit; attempt++)
        {
            var index = (int)(random.NextDouble() * tickers.Length);
            var price = tickers[index].PrevClose;
            if (!_splitToday.Contains(index) && (forward ? price > ForwardAbovePrice : price < ReverseBelowPrice))
            {
                return index;
            }
        }
        return null;
    }

    /// <summary>Moves the ticker to the new share count: price anchor divided, volumes and shares multiplied by the ratio.</summary>
    private static void Apply(ref SimulatedTicker t, double ratio)
    {
        t.UnadjustedPrevClose = t.PrevClose;
        t.SplitRatio = ratio;
        t.PrevClose /= ratio;
        t.Price = SimulatedMarket.RoundToTick(t.PrevClose);
        t.AverageDailyVolume *= ratio;
        t.SharesOutstanding *= ratio;
    }
}
