namespace Tradeul.Benchmarks;

internal static class LeastSquares
{
    /// <summary>Slope of the least-squares line through <paramref name="points"/> (Y units per X unit); 0 with fewer than two distinct X.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var numerator = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var denominator = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
