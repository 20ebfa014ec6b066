using Microsoft.Extensions.Options;
using Tradeul.Ingest.Providers;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Simulated;

/// <summary>
/// A seeded market of N tickers so the platform runs with no account and no network:
/// log-normal prices and volumes, overnight gaps that form in pre-market, a U-shaped
/// intraday volume curve, and momentum bursts (price runs on heavy volume) that make new
/// highs and lows. The same seed and the same fetch times give the same market.
/// </summary>
public sealed class SimulatedMarket : IMarketDataProvider
{
    private const double OpenMinute = 330;   // 09:30 is 330 minutes after 04:00
    private const double CloseMinute = 720;  // 16:00
    private const double RegularMinutes = CloseMinute - OpenMinute;

    private readonly Lock _gate = new();
    private readonly SimulatedTicker[] _tickers;
    private readonly TimeProvider _time;
    private readonly double _speedFactor;
    private readonly SimulatedSplitPlan _splits;
    private readonly bool _zeroDayBarBeforeOpen;
    private DateOnly? _day;
    private double _minute;

    public SimulatedMarket(IOptions<SimulatedMarketOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        _time = time;
        _speedFactor = settings.SpeedFactor;
        Clock = new SimulatedClock(time, settings.StartTime ?? SimulatedClock.DefaultStart(time.GetUtcNow()), settings.SpeedFactor);
        _tickers = CreateUniverse(settings.Tickers, settings.Seed);
        _splits = new SimulatedSplitPlan(settings.Seed);
        _zeroDayBarBeforeOpen = settings.ZeroDayBarBeforeOpen;
    }

    public string Name => "simulated";

    /// <summary>Market time; moved forward (never back) by <see cref="ResumeAt"/>.</summary>
    public SimulatedClock Clock { get; private set; }

    /// <summary>
    /// Moves market time forward to <paramref name="asOf"/> when it is later than now on the clock,
    /// so the next snapshot is not earlier than one already published (see <see cref="SimulatedDayResume"/>).
    /// Never moves it back. Returns whether the clock moved.
    /// </summary>
    public bool ResumeAt(DateTimeOffset asOf)
    {
        lock (_gate)
        {
            if (asOf <= Clock.Now)
            {
                return false;
            }
            Clock = new SimulatedClock(_time, asOf, _speedFactor);
            return true;
        }
    }

    public Task<ProviderSnapshot> FetchAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = Clock.Now;
            AdvanceTo(now);
            var quotes = new MarketQuote[_tickers.Length];
            var updated = now.ToUnixTimeMilliseconds();
            var dayStart = TradingDay.StartOf(_day!.Value);
            for (var i = 0; i < _tickers.Length; i++)
            {
                quotes[i] = SimulatedPolygonBars.Apply(ToQuote(ref _tickers[i], updated), _tickers[i].MinuteBar, dayStart, _minute, _zeroDayBarBeforeOpen);
            }
            return Task.FromResult(new ProviderSnapshot(now, quotes, new Dictionary<string, int>()));
        }
    }

    /// <summary>The splits executing on <paramref name="date"/> (New York), as Polygon's reference data would list them.</summary>
    /// <exception cref="InvalidOperationException">When the market has not reached that day, or left it long ago.</exception>
    public IReadOnlyList<Splits.Split> SplitsOn(DateOnly date)
    {
        lock (_gate)
        {
            return _splits.On(date) ?? throw new InvalidOperationException(
                $"The simulated market has no split plan for {date:yyyy-MM-dd}: its day is {_day:yyyy-MM-dd}.");
        }
    }

    /// <summary>Reference data as the Maintenance service would publish it for these tickers.</summary>
    public IEnumerable<(string Symbol, double AverageDailyVolume, double SharesOutstanding, double ReferencePrice)> Universe()
    {
        lock (_gate)
        {
            return _tickers.Select(t => (t.Symbol, t.AverageDailyVolume, t.SharesOutstanding, t.PrevClose)).ToArray();
        }
    }

    /// <summary>Simulated steps per minute: 12, one every 5 s, the default Ingest interval.</summary>
    private const double StepsPerMinute = 12;

    private void AdvanceTo(DateTimeOffset now)
    {
        var date = MarketCalendar.TradingDate(now);
        var minute = RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(now));
        if (_day != date && (_day is null || MarketCalendar.IsTradingDay(date)))
        {
            StartDay(date);
        }
        if (_day != date)
        {
            return; // a weekend or holiday: yesterday's closing state stands
        }
        // Fixed 5-second steps from 04:00, whatever the fetch cadence: the day's path then
        // depends only on the seed, the date and the time, so a restarted Ingest that resumes
        // the day (SimulatedDayResume) shows the prices the earlier run showed, and Ingest's
        // kept record of the day stays true to them.
        while (true)
        {
            // k/12 computed afresh each step (never summed), so minute boundaries land exactly
            // and each step's volume goes to the minute bar it belongs to.
            var to = (Math.Round(_minute * StepsPerMinute) + 1) / StepsPerMinute;
            if (to > minute)
            {
                break;
            }
            var step = to - _minute; // exact (Sterbenz), so _minute + step == to
            for (var i = 0; i < _tickers.Length; i++)
            {
                Step(ref _tickers[i], _minute, step);
            }
            _minute = to;
        }
    }

    private void StartDay(DateOnly date)
    {
        var firstDay = _day is null;
        _day = date;
        _minute = 0;
        for (var i = 0; i < _tickers.Length; i++)
        {
            ref var t = ref _tickers[i];
            if (!firstDay)
            {
                t.PrevClose = t.Close > 0 ? t.Close : t.Price;
            }
            t.GapLogReturn = SimulatedGaps.DrawLogReturn(ref t.Random);
            t.DriftLogReturn = t.Random.NextNormal() * t.DailyVolatility * 0.5;
            t.Activity = Math.Exp(t.Random.NextNormal() * 0.3) * SimulatedGaps.VolumeMultiplier(t.GapLogReturn);
            if (SimulatedGaps.IsGapper(t.GapLogReturn))
            {
                // A gapper settles its gap in the first hour of the session: it runs on or fades.
                t.BurstStartMinute = OpenMinute;
                t.BurstEndMinute = OpenMinute + t.Random.Uniform(20, 90);
                t.BurstLogReturn = SimulatedGaps.OpeningMoveLogReturn(ref t.Random, t.GapLogReturn);
                t.BurstVolumeMultiplier = t.Random.Uniform(1.5, 3);
            }
            else if (t.Random.NextDouble() < 0.05)
            {
                // Bursts start in the regular session or after it: a pre-market run is a gap, which
                // SimulatedGaps shapes; bursts before the open made hundreds of extra 10 % gappers.
                t.BurstStartMinute = t.Random.Uniform(OpenMinute, 900);
                t.BurstEndMinute = t.BurstStartMinute + t.Random.Uniform(20, 90);
                t.BurstLogReturn = Math.Sign(t.Random.NextDouble() - 0.5) * t.Random.Uniform(0.04, 0.15);
                t.BurstVolumeMultiplier = t.Random.Uniform(3, 6);
            }
            else
            {
                t.BurstStartMinute = t.BurstEndMinute = 0;
                t.BurstLogReturn = 0;
                t.BurstVolumeMultiplier = 1;
            }
            t.Price = t.PrevClose;
            t.Open = t.Close = 0;
            t.High = t.Low = 0;
            t.CumulativeVolume = t.RegularVolume = t.PriceVolumeSum = 0;
            t.MinuteBar = default;
        }
        _splits.StartDay(date, _tickers);
    }

    private static void Step(ref SimulatedTicker t, double from, double step)
    {
        var to = from + step;
        var target = Math.Log(t.PrevClose)
            + t.GapLogReturn * Math.Min(1, to / 270)                       // the gap forms by 08:30
            + t.DriftLogReturn * Math.Clamp((to - OpenMinute) / RegularMinutes, 0, 1);
        var inBurst = t.HasBurst && to > t.BurstStartMinute && from < t.BurstEndMinute;
        if (t.HasBurst)
        {
            target += t.BurstLogReturn * Math.Clamp((to - t.BurstStartMinute) / (t.BurstEndMinute - t.BurstStartMinute), 0, 1);
        }
        var regular = to > OpenMinute && from < CloseMinute;
        var sigma = t.DailyVolatility / Math.Sqrt(RegularMinutes) * (regular ? 1 : 0.5);
        var logPrice = Math.Log(t.Price);
        logPrice += 0.2 * step * (target - logPrice) + sigma * Math.Sqrt(step) * t.Random.NextNormal();
        t.Price = RoundToTick(Math.Exp(logPrice));
        t.High = t.High == 0 ? t.Price : Math.Max(t.High, t.Price);
        t.Low = t.Low == 0 ? t.Price : Math.Min(t.Low, t.Price);

        var share = VolumeCurve.CumulativeFraction(to) - VolumeCurve.CumulativeFraction(from);
        var traded = t.AverageDailyVolume * t.Activity * share * (inBurst ? t.BurstVolumeMultiplier : 1)
            * Math.Exp(0.25 * t.Random.NextNormal() - 0.03);
        t.CumulativeVolume += traded;
        t.PriceVolumeSum += traded * t.Price;
        t.MinuteBar.Record(to, t.Price, traded);
        if (to >= OpenMinute && t.Open == 0)
        {
            t.Open = t.Price;
        }
        if (regular)
        {
            t.RegularVolume += traded;
            t.Close = t.Price;
        }
    }

    private static MarketQuote ToQuote(ref SimulatedTicker t, long updatedUnixMs)
    {
        var halfSpread = Math.Max(0.005, t.Price * 0.00025);
        return new MarketQuote(
            t.Symbol,
            t.Price,
            t.SplitRatio > 0 ? t.UnadjustedPrevClose : t.PrevClose,
            t.Open,
            t.High,
            t.Low,
            t.Close,
            (long)t.RegularVolume,
            t.CumulativeVolume > 0 ? Math.Round(t.PriceVolumeSum / t.CumulativeVolume, 4) : 0,
            (long)t.CumulativeVolume,
            updatedUnixMs,
            RoundToTick(t.Price - halfSpread),
            RoundToTick(t.Price + halfSpread));
    }

    /// <summary>Cents from a dollar up, hundredths of a cent below (the US sub-penny rule).</summary>
    internal static double RoundToTick(double price) =>
        price >= 1 ? Math.Round(price, 2) : Math.Max(0.0001, Math.Round(price, 4));

    private static SimulatedTicker[] CreateUniverse(int count, int seed)
    {
        var tickers = new SimulatedTicker[count];
        for (var i = 0; i < count; i++)
        {
            var random = new SplitMix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)i * 0xD1B54A32D192ED03UL));
            var price = Math.Clamp(Math.Exp(Math.Log(20) + 1.1 * random.NextNormal()), 0.5, 1_500);
            tickers[i] = new SimulatedTicker
            {
                Symbol = SymbolOf(i),
                AverageDailyVolume = Math.Clamp(Math.Exp(Math.Log(400_000) + 1.3 * random.NextNormal()), 5_000, 80_000_000),
                DailyVolatility = 0.012 + 0.04 * Math.Pow(random.NextDouble(), 2),
                SharesOutstanding = Math.Round(Math.Clamp(Math.Exp(Math.Log(60_000_000) + 1.2 * random.NextNormal()), 1_000_000, 15_000_000_000)),
                PrevClose = RoundToTick(price),
                Price = RoundToTick(price),
                Random = random,
            };
        }
        return tickers;
    }

    /// <summary>A, B, ..., Z, AA, AB, ...: unique, short, and stable for an index.</summary>
    public static string SymbolOf(int index)
    {
        Span<char> letters = stackalloc char[8];
        var position = letters.Length;
        var n = index + 1;
        while (n > 0)
        {
            n--;
            letters[--position] = (char)('A' + n % 26);
            n /= 26;
        }
        return new string(letters[position..]);
    }
}
