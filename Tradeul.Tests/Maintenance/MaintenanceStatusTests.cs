using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Status;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

[Collection(RealServersCollection.Name)]
public sealed class MaintenanceStatusTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task On_plain_postgresql_row_counts_are_right_right_after_a_write_and_plain_tables_report_their_bytes()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 16, 5, 0, TimeSpan.Zero));
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, time, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await FilteredCompleteFixtures.CacheAsync(cache, "MARKET_OPEN", 100);

        // No ANALYZE between the write and the read: the planner's estimate still says "never analyzed" (-1).
        var persisted = await app.Services.GetRequiredService<ScanPersistenceJob>().RunAsync(CancellationToken.None);
        using var status = JsonDocument.Parse(JsonSerializer.Serialize(await app.Services.GetRequiredService<MaintenanceStatusReader>().ReadAsync(CancellationToken.None)));
        output.WriteLine(status.RootElement.ToString());

        var root = status.RootElement;
        var tables = root.GetProperty("tables");
        Assert.Equal(100, persisted.Inserted);
        Assert.Equal(-1L, await ScanPersistenceTests.ScalarAsync(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'scan_results'"));
        Assert.Equal("postgresql", root.GetProperty("mode").GetString());
        Assert.Equal(100, tables.GetProperty("scan_results").GetProperty("rows").GetInt64());
        Assert.True(tables.GetProperty("scan_results").GetProperty("rows_exact").GetBoolean());
        Assert.Equal(5, tables.GetProperty("schemaversions").GetProperty("rows").GetInt64());
        string[] relations = ["scan_results", "volume_slots", "volume_slots_today", "ticker_metadata", "scan_results_1min", "scan_results_1hour", "schemaversions"];
        Assert.Equal(relations.Order(), tables.EnumerateObject().Select(t => t.Name).Order());
        foreach (var relation in relations)
        {
            var table = tables.GetProperty(relation);
            Assert.Equal("table", table.GetProperty("kind").GetString());
            Assert.Equal(await ScanPersistenceTests.ScalarAsync(database, $"SELECT count(*) FROM {relation}"), table.GetProperty("rows").GetInt64());
            // The same figure PostgreSQL gives for the table with its indexes and TOAST.
            Assert.Equal(await ScanPersistenceTests.ScalarAsync(database, $"SELECT pg_total_relation_size('{relation}')"), table.GetProperty("bytes").GetInt64());
            Assert.True(table.GetProperty("bytes").GetInt64() > 0, relation);
        }
        Assert.All(root.GetProperty("bounds").EnumerateObject(), bound => Assert.Equal("maintenance", bound.Value.GetProperty("enforced_by").GetString()));
        Assert.Equal(6, root.GetProperty("bounds").EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("timescaledb").GetProperty("extension_version").ValueKind);
        Assert.False(root.GetProperty("timescaledb").GetProperty("upgrade_pending").GetBoolean());
        Assert.Empty(root.GetProperty("timescaledb").GetProperty("jobs").EnumerateArray());
    }
}
