using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Simulated;

/// <summary>
/// The share of a day's volume traded by each minute of the extended session: thin before
/// 09:30, a U across the regular session (heavy at the open and the close), thin after 16:00.
/// </summary>
internal static class VolumeCurve
{
    private const double PreMarketShare = 0.04;
    private const double PostMarketShare = 0.03;
    private static readonly double[] CumulativeAtSlotEnd = Build();

    /// <summary>Fraction of the day's volume traded between 04:00 and <paramref name="minutesIntoDay"/>.</summary>
    public static double CumulativeFraction(double minutesIntoDay)
    {
        if (minutesIntoDay <= 0)
        {
            return 0;
        }
        var (slot, fraction) = RvolSlots.Locate(minutesIntoDay);
        var before = slot == 0 ? 0 : CumulativeAtSlotEnd[slot - 1];
        return before + (CumulativeAtSlotEnd[slot] - before) * fraction;
    }

    public static double CumulativeAtEndOf(int slot) => CumulativeAtSlotEnd[slot];

    private static double[] Build()
    {
        const int preSlots = 66;   // 04:00–09:30
        const int regularSlots = 78; // 09:30–16:00
        var weights = new double[RvolSlots.Count];
        for (var s = 0; s < RvolSlots.Count; s++)
        {
            if (s < preSlots)
            {
                // Rising towards the open, as news-driven names trade ahead of it.
                weights[s] = PreMarketShare * (0.2 + s / (double)preSlots) / SumPre(preSlots);
            }
            else if (s < preSlots + regularSlots)
            {
                var x = (s - preSlots + 0.5) / regularSlots * 2 - 1;
                weights[s] = (1 + 3 * x * x) / SumRegular(regularSlots) * (1 - PreMarketShare - PostMarketShare);
            }
            else
            {
                var k = s - preSlots - regularSlots;
                weights[s] = PostMarketShare * Math.Exp(-k / 12.0) / SumPost(RvolSlots.Count - preSlots - regularSlots);
            }
        }
        var cumulative = new double[RvolSlots.Count];
        var total = 0.0;
        for (var s = 0; s < weights.Length; s++)
        {
            total += weights[s];
            cumulative[s] = total;
        }
        return cumulative;
    }

    private static double SumPre(int n) => Enumerable.Range(0, n).Sum(s => 0.2 + s / (double)n);

    private static double SumRegular(int n) => Enumerable.Range(0, n).Sum(s =>
    {
        var x = (s + 0.5) / n * 2 - 1;
        return 1 + 3 * x * x;
    });

    private static double SumPost(int n) => Enumerable.Range(0, n).Sum(k => Math.Exp(-k / 12.0));
}
