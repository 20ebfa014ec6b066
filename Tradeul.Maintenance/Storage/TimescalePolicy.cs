namespace Tradeul.Maintenance.Storage;

/// <summary>The kinds of TimescaleDB policy job Tradeul creates, by the procedure each job runs.</summary>
public enum TimescalePolicyKind
{
    /// <summary><c>policy_retention</c>: drops whole chunks older than its <c>drop_after</c>.</summary>
    Retention,

    /// <summary><c>policy_compression</c>: compresses chunks older than its <c>compress_after</c> (full edition only).</summary>
    Compression,

    /// <summary><c>policy_refresh_continuous_aggregate</c>: refreshes a continuous aggregate's window (full edition only).</summary>
    Refresh,
}

/// <summary>
/// One policy job found in <c>timescaledb_information.jobs</c> on one of Tradeul's relations.
/// Only a scheduled job enforces anything: a paused one (<c>scheduled = false</c>) is listed but
/// leaves its bound to Maintenance.
/// </summary>
/// <param name="JobId">TimescaleDB's job id (<c>run_job</c>, <c>alter_job</c> take it).</param>
/// <param name="Relation">The hypertable or continuous aggregate (its view name) the job works on, in the current schema.</param>
public sealed record TimescalePolicy(int JobId, TimescalePolicyKind Kind, string Relation, bool Scheduled)
{
    /// <summary>The procedure name TimescaleDB gives this kind of job, or null for any other job.</summary>
    public static TimescalePolicyKind? KindOf(string procedure) => procedure switch
    {
        "policy_retention" => TimescalePolicyKind.Retention,
        "policy_compression" => TimescalePolicyKind.Compression,
        "policy_refresh_continuous_aggregate" => TimescalePolicyKind.Refresh,
        _ => null,
    };
}
