using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

[Collection(RealServersCollection.Name)]
public sealed class VolumeAndBaselineTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task The_newest_snapshot_is_recorded_as_the_current_slot_and_a_later_one_in_the_same_slot_replaces_it()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        // 10:31 New York: slot (10:31 - 04:00) / 5 min = 78.
        var asOf = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 31));
        await AddSnapshotAsync(cache, asOf, 1, [("AAA", 1_000), ("BBB", 2_000)]);
        var recorder = app.Services.GetRequiredService<VolumeSlotRecorder>();

        var first = await recorder.RunAsync(CancellationToken.None);
        await AddSnapshotAsync(cache, asOf.AddMinutes(2), 2, [("AAA", 1_500), ("BBB", 2_500)]);
        var second = await recorder.RunAsync(CancellationToken.None);

        Assert.Equal((new DateOnly(2026, 11, 24), 78, 2), (first.Date, first.Slot, first.Rows));
        Assert.Equal(78, second.Slot);
        Assert.Equal(2, second.Rows);
        // One row per ticker and day; slot 78 is element 79, every other slot still -1 (not recorded).
        Assert.Equal(2L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots_today"));
        Assert.Equal(1_500L, await ScanPersistenceTests.ScalarAsync(database, "SELECT cumulative_volumes[79] FROM volume_slots_today WHERE symbol = 'AAA'"));
        Assert.Equal(191L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots_today, unnest(cumulative_volumes) AS v WHERE symbol = 'AAA' AND v = -1"));
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots"));

        // The next trading day's first reading moves the finished day, whole, into volume_slots.
        await AddSnapshotAsync(cache, SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 25), new TimeOnly(4, 2)), 3, [("AAA", 10), ("CCC", 20)]);
        var nextDay = await recorder.RunAsync(CancellationToken.None);

        Assert.Equal((new DateOnly(2026, 11, 25), 0, 2, 2), (nextDay.Date, nextDay.Slot, nextDay.Rows, nextDay.RowsMoved));
        Assert.Equal(1_500L, await ScanPersistenceTests.ScalarAsync(database, "SELECT cumulative_volumes[79] FROM volume_slots WHERE date = '2026-11-24' AND symbol = 'AAA'"));
        Assert.Equal(2L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots WHERE date = '2026-11-24'"));
        Assert.Equal(2L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots_today WHERE date = '2026-11-25'"));
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots_today WHERE date < '2026-11-25'"));
    }

    [Fact]
    public async Task Baselines_are_the_mean_of_the_last_five_sessions_before_today_per_slot()
    {
        var today = new DateOnly(2026, 11, 24);
        var time = new FakeTimeProvider(SimulatedClock.NewYorkTime(today, new TimeOnly(3, 0)));
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, time, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            // Seven sessions back: only the newest five (before today) count; today's own row never does.
            for (var back = 0; back <= 7; back++)
            {
                var volumes = Enumerable.Repeat(-1L, RvolSlots.Count).ToArray();
                volumes[0] = 100L * (back + 1);
                volumes[2] = 1_000L * (back + 1);
                // Yesterday is still where it was recorded until today's first reading moves it; it counts all the same.
                await using var insert = new NpgsqlCommand($"INSERT INTO {(back <= 1 ? "volume_slots_today" : "volume_slots")} (date, symbol, cumulative_volumes) VALUES ($1, 'AAA', $2)", connection);
                insert.Parameters.AddWithValue(today.AddDays(-back));
                insert.Parameters.AddWithValue(volumes);
                await insert.ExecuteNonQueryAsync();
            }
        }

        var result = await app.Services.GetRequiredService<RvolBaselineJob>().RunAsync(CancellationToken.None);

        Assert.Equal((5, 1), (result.Days, result.Symbols));
        var baseline = await app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().HashGetAllAsync(RedisKeys.RvolBaseline("AAA"));
        var slots = baseline.ToDictionary(e => (int)e.Name, e => double.Parse((string)e.Value!, CultureInfo.InvariantCulture));
        Assert.Equal(RvolSlots.Count, slots.Count);
        Assert.Equal(400, slots[0]);   // mean of 200, 300, 400, 500, 600 (sessions 1..5 back)
        Assert.Equal(400, slots[1]);   // no recording: carries slot 0 forward
        Assert.Equal(4_000, slots[2]); // mean of 2000, 3000, 4000, 5000, 6000
        Assert.Equal(4_000, slots[191]);
    }

    [Fact]
    public async Task Rollups_summarise_scan_results_per_minute_and_hour()
    {
        var now = DateTimeOffset.Parse("2026-11-24T15:10:00Z", CultureInfo.InvariantCulture);
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(now), start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            foreach (var (minutesAgo, price, session) in new[] { (9, 10m, "MARKET_OPEN"), (9, 11m, "PRE_MARKET"), (5, 12m, "MARKET_OPEN") })
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO scan_results (time, session, symbol, rank, score, price, volume, rvol, categories) VALUES ($1, $2, 'AAA', 1, $3, $4, $5, 2, '{}')", connection);
                insert.Parameters.AddWithValue(now.AddMinutes(-minutesAgo));
                insert.Parameters.AddWithValue(session);
                insert.Parameters.AddWithValue((double)price);
                insert.Parameters.AddWithValue(price);
                insert.Parameters.AddWithValue((long)(price * 100));
                await insert.ExecuteNonQueryAsync();
            }
        }

        var result = await app.Services.GetRequiredService<FallbackRollupJob>().RunAsync(CancellationToken.None);
        var again = await app.Services.GetRequiredService<FallbackRollupJob>().RunAsync(CancellationToken.None);

        Assert.Equal((2, 1), (result.Minutes, result.Hours));
        Assert.Equal((0, 0), (again.Minutes, again.Hours)); // recomputed to the same values: nothing rewritten, nothing duplicated
        Assert.Equal(2L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results_1min"));
        Assert.Equal(3L, await ScanPersistenceTests.ScalarAsync(database, "SELECT row_count FROM scan_results_1hour"));
        Assert.Equal(12L, await ScanPersistenceTests.ScalarAsync(database, "SELECT last_price::bigint FROM scan_results_1hour"));
        Assert.Equal(10L, await ScanPersistenceTests.ScalarAsync(database, "SELECT min_price::bigint FROM scan_results_1hour"));
        Assert.Equal(1_200L, await ScanPersistenceTests.ScalarAsync(database, "SELECT max_volume FROM scan_results_1hour"));
    }

    private static async Task AddSnapshotAsync(IDatabase cache, DateTimeOffset asOf, long sequence, (string Symbol, long Volume)[] tickers)
    {
        var quotes = tickers.Select(t => new MarketQuote(t.Symbol, 10, 9, 9.5, 10.5, 9, 10, t.Volume, 10, t.Volume, asOf.ToUnixTimeMilliseconds(), 9.99, 10.01)).ToArray();
        var data = new RawSnapshotEncoder().Encode(quotes, asOf);
        await cache.StreamAddAsync(RedisKeys.RawSnapshots,
        [
            new(RawSnapshotFormat.VersionField, RawSnapshotFormat.Version),
            new(RawSnapshotFormat.SequenceField, sequence),
            new(RawSnapshotFormat.AsOfField, asOf.ToUnixTimeMilliseconds()),
            new(RawSnapshotFormat.RowsField, quotes.Length),
            new(RawSnapshotFormat.DataField, data),
        ]);
    }
}
