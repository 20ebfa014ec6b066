namespace Tradeul.Maintenance.Storage;

/// <summary>
/// How long one relation keeps its rows: a TimescaleDB
/// retention policy enforces it where one is scheduled, Maintenance's fallback retention everywhere else.
/// </summary>
/// <param name="Relation">Table, hypertable or continuous aggregate in the current schema.</param>
/// <param name="TimeColumn">The column the window is measured on (the hypertable's time dimension).</param>
/// <param name="Window">Rows older than now minus this go.</param>
/// <param name="IsDate">The column is a <c>date</c> (a trading date, America/New_York), so the cut-off is a date: today's UTC date minus the window's days.</param>
public sealed record RetentionBound(string Relation, string TimeColumn, TimeSpan Window, bool IsDate = false)
{
    public static readonly RetentionBound ScanResults = new("scan_results", "time", TimeSpan.FromDays(3));
    public static readonly RetentionBound VolumeSlots = new("volume_slots", "date", TimeSpan.FromDays(14), IsDate: true);
    public static readonly RetentionBound OneMinuteRollup = new("scan_results_1min", "bucket", TimeSpan.FromDays(30));
    public static readonly RetentionBound OneHourRollup = new("scan_results_1hour", "bucket", TimeSpan.FromDays(180));

    /// <summary>Every retention bound, raw tables first. The windows match the policies <c>migrations/storage/timescaledb.sql</c> creates.</summary>
    public static IReadOnlyList<RetentionBound> All { get; } = [ScanResults, VolumeSlots, OneMinuteRollup, OneHourRollup];

    /// <summary>The cut-off for <paramref name="now"/>: a <see cref="DateTimeOffset"/> at offset zero, or a <see cref="DateOnly"/> for a date column.</summary>
    public object CutoffAt(DateTimeOffset now) => IsDate
        ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(int)Window.TotalDays)
        : now.ToUniversalTime() - Window;
}
