using StackExchange.Redis;

namespace Tradeul.Shared.Resilience;

/// <summary>Which failures a retry can fix.</summary>
public static class TransientFailures
{
    /// <summary>
    /// Only connection failures: the command never reached Redis or the link dropped.
    /// Server replies (OOM under noeviction, WRONGTYPE, NOPERM) would fail the same way
    /// again and must surface at once; timeouts are not retried either, because the write
    /// may already have happened and a stream entry would be added twice.
    /// </summary>
    public static bool IsTransientRedis(Exception error) => error is RedisConnectionException;

    public static bool IsTransientPostgres(Exception error) =>
        error is Npgsql.NpgsqlException { IsTransient: true };
}
