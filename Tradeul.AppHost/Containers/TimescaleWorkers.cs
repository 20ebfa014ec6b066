using System.Globalization;

namespace Tradeul.AppHost.Containers;

/// <summary>
/// Background worker sizing for a PostgreSQL that runs TimescaleDB, container and local alike. PostgreSQL's
/// default of 8 worker processes is shared by TimescaleDB's launcher, one scheduler per database with the
/// extension, every running policy job and parallel query workers: Tradeul's seven policies with TimescaleDB's
/// own jobs, started together, exhausted it ("failed to start a background worker" in job_errors).
/// The rule is TimescaleDB's ("Troubleshoot jobs"): <c>timescaledb.max_background_workers</c> = databases +
/// concurrent jobs, <c>max_worker_processes</c> = that + <c>max_parallel_workers</c>, plus one for the launcher.
/// </summary>
internal static class TimescaleWorkers
{
    /// <summary>Schedulers of the databases that may hold the extension (postgres, template1, tradeul), every job of Tradeul's and TimescaleDB's own at once (7 + 2), and room to spare.</summary>
    public const int BackgroundWorkers = 16;

    /// <summary>PostgreSQL's default <c>max_parallel_workers</c>, left as it is.</summary>
    public const int ParallelWorkers = 8;

    /// <summary>TimescaleDB's launcher, a background worker of its own.</summary>
    public const int Launcher = 1;

    public const int MaxWorkerProcesses = BackgroundWorkers + ParallelWorkers + Launcher;

    /// <summary>The server's <c>-c</c> arguments; command-line settings win over postgresql.conf (where the image's timescaledb-tune writes its own).</summary>
    public static string[] ServerArguments { get; } =
    [
        "-c", "max_worker_processes=" + MaxWorkerProcesses.ToString(CultureInfo.InvariantCulture),
        "-c", "timescaledb.max_background_workers=" + BackgroundWorkers.ToString(CultureInfo.InvariantCulture),
    ];
}
