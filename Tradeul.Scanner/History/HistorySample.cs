using System.Runtime.InteropServices;

namespace Tradeul.Scanner.History;

/// <summary>
/// One ticker in one kept snapshot: 8 bytes. The price as a float keeps 7 significant digits (a
/// change error below 0.00001 percentage points); cumulative volume as a uint is exact up to
/// 4,294,967,294 shares (a day above that has no volume windows).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct HistorySample(float Price, uint Volume)
{
    /// <summary>Cumulative volume that did not fit, or a ticker missing from the snapshot.</summary>
    public const uint NoVolume = uint.MaxValue;

    /// <summary>The ticker was not in that snapshot.</summary>
    public static readonly HistorySample Missing = new(float.NaN, NoVolume);

    public static HistorySample Of(double price, long cumulativeVolume) =>
        new((float)price, cumulativeVolume is >= 0 and < NoVolume ? (uint)cumulativeVolume : NoVolume);
}
