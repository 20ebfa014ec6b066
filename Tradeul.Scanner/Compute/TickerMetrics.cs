namespace Tradeul.Scanner.Compute;

/// <summary>
/// One ticker's metrics for one cycle, kept in a reused array. A metric the data cannot
/// support (no open yet, no VWAP, no RVOL baseline, no known day high or low) is NaN here and null in JSON; every
/// comparison with NaN is false, so such a ticker simply drops out of the categories that
/// need the metric.
/// </summary>
public struct TickerMetrics
{
    public int Index;
    public double Price;
    public double ChangePercent;
    public double GapPercent;
    public double ChangeFromOpenPercent;
    public double FromHighPercent;
    public double FromLowPercent;
    public double VwapDistancePercent;
    public double Rvol;
    public long Volume;
    public double DollarVolume;
    public double FloatRotation;
    public double Score;
    public bool PassesFilters;
}
