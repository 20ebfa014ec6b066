namespace Tradeul.Benchmarks;

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile (<paramref name="quantile"/> 0-1) of ascending <paramref name="sorted"/>; 0 when empty.</summary>
    public static double OfSorted(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The same of <paramref name="values"/> in any order.</summary>
    public static double Of(IEnumerable<double> values, double quantile) => OfSorted([.. values.Order()], quantile);
}
