namespace Tradeul.Ingest.Splits;

/// <summary>
/// One stock split as a split calendar lists it (Polygon's <c>/v3/reference/splits</c> fields).
/// A 2-for-1 split has <see cref="SplitFrom"/> 1 and <see cref="SplitTo"/> 2; BIOL's 1-for-25
/// reverse split of 2022-04-29 has 25 and 1. Sources pass records on as they got them; the
/// <see cref="SplitCalendar"/> rejects the ones that make no sense.
/// </summary>
/// <param name="Symbol">The ticker, as the snapshot spells it (case-sensitive).</param>
/// <param name="ExecutionDate">The ex-date, America/New_York: the first session that trades on the new share count.</param>
/// <param name="SplitFrom">Old shares, in shares.</param>
/// <param name="SplitTo">New shares for those old shares, in shares.</param>
public readonly record struct Split(string Symbol, DateOnly ExecutionDate, double SplitFrom, double SplitTo)
{
    /// <summary>New shares per old share (0.04 for 1-for-25, 2 for 2-for-1): a pre-split price divided by it is the post-split price.</summary>
    public double Ratio => SplitTo / SplitFrom;

    /// <summary>True when the ratio is a usable number other than 1 (a symbol and positive, finite counts).</summary>
    public bool IsUsable => !string.IsNullOrEmpty(Symbol)
        && double.IsFinite(SplitFrom) && SplitFrom > 0
        && double.IsFinite(SplitTo) && SplitTo > 0
        && double.IsFinite(Ratio) && Ratio > 0 && Ratio != 1;
}
