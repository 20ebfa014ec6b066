namespace Tradeul.Scanner.Compute;

/// <summary>
/// The fields of a <see cref="RankedRow"/> besides its symbol, as flags: an update operation
/// carries only those that changed, because a ranked ticker's volume moves every cycle while
/// its name, sector, market cap and gap do not.
/// </summary>
[Flags]
public enum RankedRowFields
{
    None = 0,
    Price = 1 << 0,
    ChangePercent = 1 << 1,
    GapPercent = 1 << 2,
    ChangeFromOpenPercent = 1 << 3,
    Volume = 1 << 4,
    Rvol = 1 << 5,
    VwapDistancePercent = 1 << 6,
    FromHighPercent = 1 << 7,
    FromLowPercent = 1 << 8,
    FloatRotation = 1 << 9,
    Score = 1 << 10,
    Name = 1 << 11,
    Sector = 1 << 12,
    MarketCap = 1 << 13,
    /// <summary><c>split_ratio</c> and <c>split_unresolved</c> together: they change only at a day's start.</summary>
    Split = 1 << 14,
    All = (1 << 15) - 1,
}

public static class RankedRowChanges
{
    /// <summary>The fields that differ; NaN equals NaN, as in the row's own equality.</summary>
    public static RankedRowFields Between(in RankedRow before, in RankedRow after)
    {
        return If(!before.Price.Equals(after.Price), RankedRowFields.Price)
            | If(!before.ChangePercent.Equals(after.ChangePercent), RankedRowFields.ChangePercent)
            | If(!before.GapPercent.Equals(after.GapPercent), RankedRowFields.GapPercent)
            | If(!before.ChangeFromOpenPercent.Equals(after.ChangeFromOpenPercent), RankedRowFields.ChangeFromOpenPercent)
            | If(before.Volume != after.Volume, RankedRowFields.Volume)
            | If(!before.Rvol.Equals(after.Rvol), RankedRowFields.Rvol)
            | If(!before.VwapDistancePercent.Equals(after.VwapDistancePercent), RankedRowFields.VwapDistancePercent)
            | If(!before.FromHighPercent.Equals(after.FromHighPercent), RankedRowFields.FromHighPercent)
            | If(!before.FromLowPercent.Equals(after.FromLowPercent), RankedRowFields.FromLowPercent)
            | If(!before.FloatRotation.Equals(after.FloatRotation), RankedRowFields.FloatRotation)
            | If(!before.Score.Equals(after.Score), RankedRowFields.Score)
            | If(!string.Equals(before.Name, after.Name, StringComparison.Ordinal), RankedRowFields.Name)
            | If(!string.Equals(before.Sector, after.Sector, StringComparison.Ordinal), RankedRowFields.Sector)
            | If(before.MarketCap != after.MarketCap, RankedRowFields.MarketCap)
            | If(!before.SplitRatio.Equals(after.SplitRatio) || before.SplitUnresolved != after.SplitUnresolved, RankedRowFields.Split);
    }

    private static RankedRowFields If(bool differs, RankedRowFields field) => differs ? field : RankedRowFields.None;
}
