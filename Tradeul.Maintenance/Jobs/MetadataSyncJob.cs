using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Maintenance.Jobs;

/// <param name="Unrepresentable">Values synced as null because .NET could not hold them (e.g. a NaN market cap), by column.</param>
public sealed record MetadataSyncResult(int Synced, int Expected, int Removed, bool SnapshotRequested, IReadOnlyDictionary<string, int> Unrepresentable)
    : IReportsUnrepresentableValues
{
    public bool Complete => Synced == Expected;
}

/// <summary>
/// <c>ticker_metadata</c> -> <c>metadata:ticker:{SYM}</c> (JSON; NUMERIC as decimal and
/// BIGINT as long, so values past 2^53 survive), removes keys of symbols no longer in the
/// table, checks the key count against the table, and asks Redis for a BGSAVE so a restart
/// without AOF still has them. A value .NET cannot hold (NaN, a numeric past decimal's range)
/// is synced as null and counted by column (<see cref="UnrepresentableValues"/>), so one bad
/// row costs that field, not the run.
/// </summary>
public sealed partial class MetadataSyncJob(IConnectionMultiplexer redis, NpgsqlDataSource database, ILogger<MetadataSyncJob> logger)
{
    public const string Name = "metadata_sync";
    private const string KeyPrefix = "metadata:ticker:";
    private const int Batch = 1_000;

    public async Task<MetadataSyncResult> RunAsync(CancellationToken cancellationToken)
    {
        var redisDb = redis.GetDatabase();
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        var writes = new List<Task>(Batch);
        var unrepresentable = new UnrepresentableValues();
        await using (var command = database.CreateCommand(
            "SELECT symbol, name, exchange, sector, market_cap, float_shares, shares_outstanding, avg_volume FROM ticker_metadata"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var metadata = new TickerMetadata(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    unrepresentable.Decimal(reader, 4),
                    unrepresentable.Int64(reader, 5),
                    unrepresentable.Int64(reader, 6),
                    unrepresentable.Int64(reader, 7));
                symbols.Add(metadata.Symbol);
                writes.Add(redisDb.StringSetAsync(RedisKeys.TickerMetadata(metadata.Symbol), JsonSerializer.Serialize(metadata, TickerMetadata.Json)));
                if (writes.Count == Batch)
                {
                    await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(false);
                    writes.Clear();
                }
            }
        }
        await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(false);

        var present = 0;
        var stale = new List<RedisKey>();
        await foreach (var key in redis.ScanKeysAsync(KeyPrefix + "*", Batch, cancellationToken).ConfigureAwait(false))
        {
            if (symbols.Contains(((string)key!)[KeyPrefix.Length..]))
            {
                present++;
            }
            else
            {
                stale.Add(key);
            }
        }
        // An empty table means no metadata source is set up (the simulated market seeds its
        // own keys); only a table with rows is authoritative enough to delete by.
        if (symbols.Count == 0)
        {
            stale.Clear();
        }
        foreach (var chunk in stale.Chunk(Batch))
        {
            await redisDb.KeyDeleteAsync(chunk).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var snapshot = await RequestBackgroundSaveAsync(cancellationToken).ConfigureAwait(false);
        var result = new MetadataSyncResult(present, symbols.Count, stale.Count, snapshot, unrepresentable.ByColumn);
        if (!result.Complete)
        {
            LogIncomplete(logger, present, symbols.Count);
        }
        if (unrepresentable.Total > 0)
        {
            LogUnrepresentable(logger, unrepresentable.Total, unrepresentable.ToString());
        }
        return result;
    }

    private async Task<bool> RequestBackgroundSaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await server.SaveAsync(SaveType.BackgroundSave).WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RedisServerException ex) when (
            ex.Message.Contains("in progress", StringComparison.OrdinalIgnoreCase)
            || ex.Message.Contains("Another child process is active", StringComparison.OrdinalIgnoreCase))
        {
            // A save is already running, or an AOF rewrite (as at redis-server's start): the AOF already holds
            // these writes, and the next sync asks for a snapshot again. Not a failure of the sync.
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata sync: {Count} values in ticker_metadata cannot be held by .NET (NaN, or past decimal or Int64) and were synced as null; by column: {Columns}.")]
    private static partial void LogUnrepresentable(ILogger logger, int count, string columns);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata sync incomplete: {Synced} keys in Redis for {Expected} rows in ticker_metadata.")]
    private static partial void LogIncomplete(ILogger logger, int synced, int expected);
}
