using System.Collections.Frozen;

namespace Tradeul.Ingest.Splits;

/// <summary>The splits of one trading date (America/New_York) as far as Ingest knows them.</summary>
/// <param name="Ratios">
/// New shares per old share by symbol (ordinal, case-sensitive); NaN where the listing gives one
/// symbol two different ratios. Null when the day's splits are unknown (no source, or the fetch failed).
/// </param>
public sealed record SplitDay(DateOnly Date, FrozenDictionary<string, double>? Ratios)
{
    public bool IsKnown => Ratios is not null;

    public static SplitDay Unknown(DateOnly date) => new(date, null);
}
