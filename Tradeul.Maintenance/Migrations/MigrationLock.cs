using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// A PostgreSQL session advisory lock held on a connection of its own for a whole
/// migration run. Two instances starting together then migrate one after the other: the
/// second waits, finds every script journaled, and applies nothing. A session lock (not a
/// transaction lock) because DbUp commits once per script.
/// </summary>
internal sealed partial class MigrationLock : IAsyncDisposable
{
    /// <summary>"tradeul" in ASCII. Any fixed number works, as long as every instance uses the same one and nothing else in the database does.</summary>
    internal const long Key = 0x7472_6164_6575_6C00;

    private readonly NpgsqlConnection _connection;
    private readonly ILogger _logger;

    private MigrationLock(NpgsqlConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
    }

    public static async Task<MigrationLock> AcquireAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var held = new MigrationLock(connection, logger);
        try
        {
            await using (var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                attempt.Parameters.AddWithValue("key", Key);
                if ((bool)(await attempt.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return held;
                }
            }

            LogWaiting(logger);
            // No command timeout: the other instance may be converting a large table. The
            // caller's token still ends the wait (Npgsql cancels the query on the server).
            await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
            wait.Parameters.AddWithValue("key", Key);
            await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return held;
        }
        catch
        {
            // A cancellation can land just after the server granted the lock; releasing
            // here makes sure a pooled connection never keeps it.
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            release.Parameters.AddWithValue("key", Key);
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // The connection is broken, so its session (and the lock with it) is gone.
            LogReleaseFailed(_logger, ex);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance is applying migrations; waiting for it to finish")]
    private static partial void LogWaiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the migration lock; the broken connection released it")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
