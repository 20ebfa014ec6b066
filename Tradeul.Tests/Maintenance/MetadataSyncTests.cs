using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

[Collection(RealServersCollection.Name)]
public sealed class MetadataSyncTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Twelve_thousand_rows_round_trip_exactly_and_survive_a_redis_restart_with_aof()
    {
        await using var redis = await RedisServer.CreateAsync("--appendonly", "yes", "--appendfsync", "always");
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var expected = await InsertMetadataAsync(database, 12_000);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await cache.StringSetAsync(RedisKeys.TickerMetadata("GONE"), "{\"symbol\":\"GONE\"}");

        var result = await app.Services.GetRequiredService<MetadataSyncJob>().RunAsync(CancellationToken.None);

        Assert.Equal((12_000, 12_000, 1), (result.Synced, result.Expected, result.Removed));
        Assert.True(result.SnapshotRequested);
        await AssertExactAsync(cache, expected);

        await redis.ShutdownAsync();
        await redis.StartAsync();
        var reconnected = app.Services.GetRequiredService<IConnectionMultiplexer>();
        await Eventually.Until(async () => { await reconnected.GetDatabase().PingAsync(); return true; }, ok => ok, "the client to reconnect");
        var server = reconnected.GetServer(reconnected.GetEndPoints()[0]);
        Assert.Equal(12_000, await server.KeysAsync(pattern: "metadata:ticker:*", pageSize: 1000).CountAsync());
        await AssertExactAsync(reconnected.GetDatabase(), expected);
    }

    private static async Task AssertExactAsync(IDatabase cache, IReadOnlyList<TickerMetadata> expected)
    {
        var keys = expected.Select(m => (RedisKey)RedisKeys.TickerMetadata(m.Symbol)).ToArray();
        var values = await cache.StringGetAsync(keys);
        for (var i = 0; i < expected.Count; i++)
        {
            var actual = JsonSerializer.Deserialize<TickerMetadata>((string)values[i]!, TickerMetadata.Json);
            Assert.Equal(expected[i], actual);
        }
        // The JSON carries the digits themselves, not a double's approximation of them.
        Assert.Contains("9007199254740993", (string?)await cache.StringGetAsync(RedisKeys.TickerMetadata("T00003")), StringComparison.Ordinal);
        Assert.Contains("1234567890123453.7891", (string?)await cache.StringGetAsync(RedisKeys.TickerMetadata("T00003")), StringComparison.Ordinal);
    }

    /// <summary>Rows with large NUMERIC(20,4) values, BIGINTs past 2^53 and NULLs, written with binary COPY.</summary>
    private static async Task<List<TickerMetadata>> InsertMetadataAsync(string database, int count)
    {
        var rows = new List<TickerMetadata>(count);
        for (var i = 0; i < count; i++)
        {
            rows.Add(new TickerMetadata(
                $"T{i:D5}",
                i % 11 == 0 ? null : $"Company {i}",
                i % 3 == 0 ? "XNAS" : "XNYS",
                i % 13 == 0 ? null : "Technology",
                i % 17 == 0 ? null : 1234567890123456.7891m - i,
                i % 19 == 0 ? null : 9007199254740993L + i - 3,
                9_000_000_000_000_000_000L + i,
                i % 23 == 0 ? null : 123_456L * i));
        }
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY ticker_metadata (symbol, name, exchange, sector, market_cap, float_shares, shares_outstanding, avg_volume) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Symbol, NpgsqlDbType.Text);
                await WriteAsync(copy, row.Name, NpgsqlDbType.Text);
                await WriteAsync(copy, row.Exchange, NpgsqlDbType.Text);
                await WriteAsync(copy, row.Sector, NpgsqlDbType.Text);
                await WriteAsync(copy, row.MarketCap, NpgsqlDbType.Numeric);
                await WriteAsync(copy, row.FloatShares, NpgsqlDbType.Bigint);
                await WriteAsync(copy, row.SharesOutstanding, NpgsqlDbType.Bigint);
                await WriteAsync(copy, row.AvgVolume, NpgsqlDbType.Bigint);
            }
            await copy.CompleteAsync();
        }
        return rows;
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);
}
