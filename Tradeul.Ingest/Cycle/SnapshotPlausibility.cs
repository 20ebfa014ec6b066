using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Cycle;

/// <summary>
/// Keeps an implausible snapshot away from the Scanner. Publishing a snapshot whose rows
/// collapsed would wipe every ranking and <c>scanner:filtered_complete:*</c>, and every SSE
/// client would get a removal per row; holding it back lets the last rankings stand.
/// The rule, on the rows left after validation:
/// <list type="bullet">
/// <item>Session CLOSED (nights, weekends, NYSE holidays; America/New_York): always published.
/// An empty market is normal then, and Polygon clears its snapshot at 03:30 ET every day.</item>
/// <item>During PRE_MARKET, MARKET_OPEN or POST_MARKET: an empty snapshot is suspect, always.</item>
/// <item>A snapshot with fewer rows than <see cref="SnapshotPlausibilityOptions.MinRowFraction"/>
/// of the last published one is suspect, until <see cref="SnapshotPlausibilityOptions.AcceptCollapseAfter"/>
/// suspects in a row: then the smaller market is taken as the new normal and published.</item>
/// </list>
/// A count is compared only with one published in the same session of the same trading day:
/// the validator keeps pre-market rows with an empty day bar that it drops at 09:30, and a
/// provider refills its snapshot after its overnight reset, so a smaller market across a
/// session change is normal, not a collapse (only the empty rule applies to the first
/// snapshot of a session). The last published count comes from the newest
/// <c>snapshots:raw</c> entry after a restart (<see cref="Remember"/>). Not thread-safe: the
/// one Ingest cycle drives it.
/// </summary>
public sealed partial class SnapshotPlausibility(IOptions<SnapshotPlausibilityOptions> options, ILogger<SnapshotPlausibility> logger)
{
    private readonly SnapshotPlausibilityOptions _options = options.Value;
    // Null until a snapshot is published (or read back after a restart): nothing to compare with.
    private int? _lastPublishedRows;
    private (DateOnly Day, MarketSession Session) _lastPublishedIn;
    private int _suspectInARow;

    /// <summary>Records the row count of a snapshot published (now or before a restart) at <paramref name="asOf"/> in <paramref name="session"/>.</summary>
    public void Remember(int rows, DateTimeOffset asOf, MarketSession session)
    {
        _lastPublishedRows = rows;
        _lastPublishedIn = (TradingDay.Of(asOf), session);
        _suspectInARow = 0;
    }

    /// <summary>
    /// True when a snapshot of <paramref name="rows"/> rows (after validation) taken at
    /// <paramref name="asOf"/> in <paramref name="session"/> may be published; false when it is
    /// suspect, which is logged as a warning with both counts. Call <see cref="Remember"/> once
    /// an admitted snapshot is published.
    /// </summary>
    public bool Admit(int rows, DateTimeOffset asOf, MarketSession session)
    {
        if (session == MarketSession.Closed)
        {
            return true;
        }
        var last = _lastPublishedIn == (TradingDay.Of(asOf), session) ? _lastPublishedRows : null;
        var collapsed = rows == 0 || (last is { } good && rows < _options.MinRowFraction * good);
        if (!collapsed)
        {
            return true;
        }
        if (rows > 0 && _suspectInARow >= _options.AcceptCollapseAfter)
        {
            LogNewNormal(logger, rows, last.GetValueOrDefault(), _suspectInARow, asOf, session.ToKey());
            return true;
        }
        _suspectInARow++;
        LogSuspect(logger, rows, asOf, session.ToKey(), last?.ToString(CultureInfo.InvariantCulture) ?? "none", _suspectInARow);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suspect snapshot not published: {Rows} rows at {AsOf} during {Session}, against {LastRows} in the last published snapshot ({InARow} suspect in a row). The last rankings stand.")]
    private static partial void LogSuspect(ILogger logger, int rows, DateTimeOffset asOf, string session, string lastRows, int inARow);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {Rows} rows published as the market's new size after {InARow} suspect snapshots in a row (the last published one had {LastRows}), at {AsOf} during {Session}.")]
    private static partial void LogNewNormal(ILogger logger, int rows, int lastRows, int inARow, DateTimeOffset asOf, string session);
}
