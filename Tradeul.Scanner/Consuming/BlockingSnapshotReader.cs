using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tradeul.Shared.Redis;

namespace Tradeul.Scanner.Consuming;

/// <summary>
/// Waits on Redis for new <c>snapshots:raw</c> entries of the consumer group (XREADGROUP ... BLOCK
/// <c>Scanner:ReadBlock</c> ... &gt;), so a snapshot is read the moment Ingest adds it instead of
/// up to one poll interval later. StackExchange.Redis refuses blocking commands on its shared
/// multiplexer by design (one blocked command would stall every caller behind it: its docs,
/// "Pipelines and Multiplexers"), so this reader owns a second connection used for nothing else,
/// opened on first use from a copy of the options the shared connection was made from
/// (Aspire's <c>AddRedisClient</c> registers them), so endpoints, password and TLS are the same. The block is bounded, so the
/// Scanner's loop returns at least once per ReadBlock to observe cancellation and report health.
/// Not thread-safe: one loop drives it.
/// </summary>
public sealed class BlockingSnapshotReader(IOptions<ConfigurationOptions> redisOptions, IOptions<ScannerOptions> options) : IAsyncDisposable
{
    private readonly ScannerOptions _options = options.Value;
    private ConnectionMultiplexer? _connection;

    /// <summary>
    /// New entries for <paramref name="consumer"/> (at most <paramref name="count"/>), waiting up
    /// to <c>Scanner:ReadBlock</c> for the first; empty when none came in that time. An entry
    /// deleted while pending comes back with no fields.
    /// </summary>
    /// <exception cref="RedisException">Redis is unreachable or refused the read (e.g. NOGROUP).</exception>
    public async Task<StreamEntry[]> ReadNewAsync(string group, string consumer, int count, CancellationToken cancellationToken)
    {
        var connection = _connection ??= await ConnectAsync().ConfigureAwait(false);
        var blockMilliseconds = (long)_options.ReadBlock.TotalMilliseconds;
        // Abandoning the await on cancellation is enough: the server ends the block within ReadBlock,
        // and nothing else waits behind it on this connection.
        var reply = await connection.GetDatabase().ExecuteAsync("XREADGROUP",
            "GROUP", group, consumer, "COUNT", count, "BLOCK", blockMilliseconds, "STREAMS", RedisKeys.RawSnapshots, ">")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return Parse(reply);
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = redisOptions.Value.Clone();
        configuration.ClientName = (configuration.ClientName ?? "scanner") + "-blocking-read";
        // RESP2 keeps the reply one shape (array of [stream, entries]); the timeouts must outlast the block.
        configuration.Protocol = RedisProtocol.Resp2;
        var timeout = (int)Math.Min(int.MaxValue, (_options.ReadBlock + TimeSpan.FromSeconds(5)).TotalMilliseconds);
        configuration.AsyncTimeout = Math.Max(configuration.AsyncTimeout, timeout);
        configuration.SyncTimeout = Math.Max(configuration.SyncTimeout, timeout);
        // Like the shared connection: a Redis that is down now is retried by the loop, not fatal.
        configuration.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    /// <summary>Reads the RESP2 reply of XREADGROUP for one stream: nil, or [[stream, [[id, [field, value, ...] or nil], ...]]].</summary>
    internal static StreamEntry[] Parse(RedisResult reply)
    {
        if (reply.IsNull)
        {
            return [];
        }
        var streams = (RedisResult[])reply!;
        if (streams.Length == 0)
        {
            return [];
        }
        var entries = (RedisResult[])((RedisResult[])streams[0]!)[1]!;
        var parsed = new StreamEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = (RedisResult[])entries[i]!;
            var id = (RedisValue)entry[0];
            var fields = entry[1].IsNull ? [] : (RedisResult[])entry[1]!;
            var values = new NameValueEntry[fields.Length / 2];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = new NameValueEntry((RedisValue)fields[2 * f], (RedisValue)fields[2 * f + 1]);
            }
            parsed[i] = new StreamEntry(id, values);
        }
        return parsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
