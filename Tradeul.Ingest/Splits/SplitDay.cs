using System.Collections.Frozen;
using System.Globalization;

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

    /// <summary>yyyy-MM-dd whatever the culture, as logs and the stats JSON show a date.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
