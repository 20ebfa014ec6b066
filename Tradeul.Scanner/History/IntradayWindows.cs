namespace Tradeul.Scanner.History;

/// <summary>
/// How an intraday window finds the snapshot it compares with: for a window of N minutes at time
/// now, the newest kept snapshot at or before now − N, provided it is at most
/// <see cref="ToleranceFor"/>(N) older than now − N and of the same trading day (04:00 New York
/// onwards). Anything else is null, never a guess. (No static state here: the catalog reads it while
/// it is being built.)
/// </summary>
public static class IntradayWindows
{
    /// <summary>Windows up to this long are served by the recent ring (a snapshot every 4.5 s or more).</summary>
    public static readonly TimeSpan RecentReach = TimeSpan.FromMinutes(5);

    /// <summary>
    /// 15 s for windows the recent ring serves (1 and 5 minutes: it keeps a snapshot every 4.5-5 s);
    /// 90 s for longer ones, which the minute ring serves (one snapshot per clock minute: the one at or
    /// before a moment is at most a minute and a cycle older).
    /// </summary>
    public static TimeSpan ToleranceFor(TimeSpan window) =>
        window <= RecentReach ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(90);
}
