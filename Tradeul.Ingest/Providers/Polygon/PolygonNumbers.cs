namespace Tradeul.Ingest.Providers.Polygon;

internal static class PolygonNumbers
{
    /// <summary>
    /// Rounds to the nearest integer and saturates instead of wrapping, so an absurd value
    /// reaches the validator as absurd rather than as a plausible-looking wrapped number.
    /// </summary>
    public static long SaturatingToInt64(double value)
    {
        var rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        return rounded >= long.MaxValue ? long.MaxValue
            : rounded <= long.MinValue ? long.MinValue
            : (long)rounded;
    }
}
