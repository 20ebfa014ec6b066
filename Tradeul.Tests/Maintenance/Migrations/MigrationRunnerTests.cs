using Microsoft.Extensions.Logging;
using Npgsql;
using Tradeul.Maintenance.Migrations;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance.Migrations;

[Collection(RealServersCollection.Name)]
public sealed class MigrationRunnerTests(RealServersFixture servers, ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ScriptNames = ["0001_extensions.sql", "0002_tables.sql", "0003_timescale.sql", "0004_rollups.sql", "0005_volume_slots_by_day.sql"];
    private static readonly string[] RollupColumns =
    [
        "bucket timestamp with time zone not null", "symbol text not null", "last_price numeric(20,4) not null",
        "max_price numeric(20,4) not null", "min_price numeric(20,4) not null", "max_volume bigint not null",
        "avg_score double precision not null", "max_rvol double precision", "row_count bigint not null",
    ];

    private readonly ILoggerFactory _logging = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    private readonly List<NpgsqlDataSource> _dataSources = [];

    private async Task<NpgsqlDataSource> NewDatabaseAsync() => Track(NpgsqlDataSource.Create(await servers.CreateDatabaseAsync()));

    private NpgsqlDataSource Track(NpgsqlDataSource dataSource)
    {
        _dataSources.Add(dataSource);
        return dataSource;
    }

    private MigrationRunner Runner(NpgsqlDataSource database, params MigrationScript[] extraScripts) =>
        new(database, _logging.CreateLogger<MigrationRunner>(), [.. EmbeddedMigrationScripts.All, .. extraScripts]);

    [Fact]
    public async Task From_an_empty_database_every_script_applies_and_creates_the_tables()
    {
        var database = await NewDatabaseAsync();
        var runner = Runner(database);

        var before = await runner.StatusAsync(CancellationToken.None);
        var report = await runner.ApplyAsync(CancellationToken.None);

        Assert.Equal((0, 5), (before.Applied, before.Pending));
        Assert.Equal(ScriptNames, before.PendingScripts);
        Assert.Equal(ScriptNames, report.Applied);
        Assert.Equal(StorageMode.PostgreSql, report.Mode);
        Assert.Equal(ScriptNames, await MigrationDatabase.JournalAsync(database));
        Assert.Equal(
            [
                "time timestamp with time zone not null", "session text not null", "symbol text not null", "rank integer not null",
                "score double precision not null", "price numeric(20,4) not null", "change_percent double precision",
                "gap_percent double precision", "volume bigint not null", "rvol double precision", "categories text[] not null",
            ],
            await MigrationDatabase.ColumnsAsync(database, "scan_results"));
        Assert.Equal(
            ["date date not null", "symbol text not null", "cumulative_volumes bigint[] not null"],
            await MigrationDatabase.ColumnsAsync(database, "volume_slots"));
        Assert.Equal(
            [
                "symbol text not null", "name text", "exchange text", "sector text", "market_cap numeric(20,4)", "float_shares bigint",
                "shares_outstanding bigint", "avg_volume bigint", "updated_at timestamp with time zone not null",
            ],
            await MigrationDatabase.ColumnsAsync(database, "ticker_metadata"));
        Assert.Equal(RollupColumns, await MigrationDatabase.ColumnsAsync(database, "scan_results_1min"));
        Assert.Equal(RollupColumns, await MigrationDatabase.ColumnsAsync(database, "scan_results_1hour"));
    }

    [Fact]
    public async Task Scan_results_keeps_one_row_per_time_session_and_symbol()
    {
        var database = await NewDatabaseAsync();
        await Runner(database).ApplyAsync(CancellationToken.None);
        var time = new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

        async Task<int> InsertAsync(string session, string symbol)
        {
            await using var insert = database.CreateCommand(
                """
                INSERT INTO scan_results (time, session, symbol, rank, score, price, change_percent, gap_percent, volume, rvol, categories)
                VALUES (@time, @session, @symbol, @rank, @score, @price, @change, @gap, @volume, @rvol, @categories)
                ON CONFLICT DO NOTHING
                """);
            insert.Parameters.AddWithValue("time", time);
            insert.Parameters.AddWithValue("session", session);
            insert.Parameters.AddWithValue("symbol", symbol);
            insert.Parameters.AddWithValue("rank", 1);
            insert.Parameters.AddWithValue("score", 91.5);
            insert.Parameters.AddWithValue("price", 12.3456m);
            insert.Parameters.AddWithValue("change", 8.25);
            insert.Parameters.AddWithValue("gap", 4.5);
            insert.Parameters.AddWithValue("volume", 1_250_000L);
            insert.Parameters.AddWithValue("rvol", DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double;
            insert.Parameters.AddWithValue("categories", new[] { "gappers_up", "momentum_up" });
            return await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await InsertAsync("MARKET_OPEN", "AAPL"));
        Assert.Equal(0, await InsertAsync("MARKET_OPEN", "AAPL"));
        Assert.Equal(1, await InsertAsync("POST_MARKET", "AAPL"));
        Assert.Equal(1, await InsertAsync("MARKET_OPEN", "MSFT"));
    }

    [Fact]
    public async Task Rollup_tables_take_upserts_on_bucket_and_symbol_and_slots_stay_in_range()
    {
        var database = await NewDatabaseAsync();
        await Runner(database).ApplyAsync(CancellationToken.None);

        async Task UpsertAsync(long rowCount)
        {
            await using var upsert = database.CreateCommand(
                """
                INSERT INTO scan_results_1min (bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count)
                VALUES (@bucket, @symbol, 10, 11, 9, 500, 80, NULL, @rows)
                ON CONFLICT (bucket, symbol) DO UPDATE SET row_count = EXCLUDED.row_count
                """);
            upsert.Parameters.AddWithValue("bucket", new DateTimeOffset(2026, 11, 23, 15, 1, 0, TimeSpan.Zero));
            upsert.Parameters.AddWithValue("symbol", "AAPL");
            upsert.Parameters.AddWithValue("rows", rowCount);
            await upsert.ExecuteNonQueryAsync();
        }
        await UpsertAsync(1);
        await UpsertAsync(3);
        await using var count = database.CreateCommand("SELECT count(*), max(row_count) FROM scan_results_1min");
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal((1L, 3L), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        // A day holds exactly the 192 slots, each a volume or -1 (not recorded).
        foreach (var volumes in new[] { new long?[193], new long?[191], [.. Enumerable.Repeat<long?>(-2, 192)], [null, .. Enumerable.Repeat<long?>(1, 191)] })
        {
            for (var i = 0; i < volumes.Length && volumes.Length != 192; i++)
            {
                volumes[i] = 1;
            }
            await using var slot = database.CreateCommand("INSERT INTO volume_slots (date, symbol, cumulative_volumes) VALUES (@date, @symbol, @volumes)");
            slot.Parameters.AddWithValue("date", new DateOnly(2026, 11, 23));
            slot.Parameters.AddWithValue("symbol", "AAPL");
            slot.Parameters.AddWithValue("volumes", volumes);
            var error = await Assert.ThrowsAsync<PostgresException>(() => slot.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        }
    }

    [Fact]
    public async Task Volume_slots_recorded_one_row_per_slot_become_one_row_per_ticker_and_day_keeping_every_reading()
    {
        var database = await NewDatabaseAsync();
        var before = new MigrationRunner(database, _logging.CreateLogger<MigrationRunner>(), [.. EmbeddedMigrationScripts.All.Where(script => script.Name != "0005_volume_slots_by_day.sql")]);
        await before.ApplyAsync(CancellationToken.None);
        await using (var seed = database.CreateCommand(
            """
            INSERT INTO volume_slots (date, symbol, slot, cumulative_volume)
            SELECT DATE '2026-11-23' - d, s, slot, 1000 * d + slot
            FROM generate_series(0, 2) AS d, unnest(ARRAY['AAPL', 'MSFT']) AS s, generate_series(0, 191, 3) AS slot
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var report = await Runner(database).ApplyAsync(CancellationToken.None);

        Assert.Equal(["0005_volume_slots_by_day.sql"], report.Applied);
        await using var read = database.CreateCommand("SELECT date, symbol, cumulative_volumes FROM volume_slots ORDER BY date, symbol");
        var rows = new List<(DateOnly Date, string Symbol, long[] Volumes)>();
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetFieldValue<long[]>(2)));
            }
        }
        Assert.Equal(6, rows.Count);
        Assert.All(rows, row =>
        {
            var d = new DateOnly(2026, 11, 23).DayNumber - row.Date.DayNumber;
            Assert.Equal(Enumerable.Range(0, 192).Select(slot => slot % 3 == 0 ? 1000L * d + slot : -1L), row.Volumes);
        });
        Assert.Equal(["volume_slots_pkey"], await MigrationDatabase.IndexesAsync(database, "volume_slots"));
    }

    [Fact]
    public async Task Applying_again_changes_nothing()
    {
        var database = await NewDatabaseAsync();
        var runner = Runner(database);
        await runner.ApplyAsync(CancellationToken.None);

        var again = await runner.ApplyAsync(CancellationToken.None);
        var status = await runner.StatusAsync(CancellationToken.None);

        Assert.Empty(again.Applied);
        Assert.Equal((5, 0), (status.Applied, status.Pending));
        Assert.Empty(status.PendingScripts);
        Assert.Equal(ScriptNames, await MigrationDatabase.JournalAsync(database));
    }

    [Fact]
    public async Task Two_instances_starting_together_apply_each_script_exactly_once()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        var first = Track(NpgsqlDataSource.Create(connectionString));
        var second = Track(NpgsqlDataSource.Create(connectionString));
        var observer = Track(NpgsqlDataSource.Create(connectionString));

        // Hold the lock so both runners are certainly waiting on it at the same time, then let go.
        await using var holder = await observer.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", MigrationLock.Key);
            await take.ExecuteNonQueryAsync();
        }
        var applying = new[] { Runner(first).ApplyAsync(CancellationToken.None), Runner(second).ApplyAsync(CancellationToken.None) };
        await Eventually.Until(() => WaitingForLockAsync(observer), waiting => waiting == 2, "both runners waiting for the migration lock");
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", holder))
        {
            release.Parameters.AddWithValue("key", MigrationLock.Key);
            await release.ExecuteNonQueryAsync();
        }
        var reports = await Task.WhenAll(applying);

        Assert.Equal([0, 5], reports.Select(r => r.Applied.Count).Order());
        Assert.Equal(ScriptNames, await MigrationDatabase.JournalAsync(observer));
    }

    [Fact]
    public async Task An_instance_waiting_for_the_lock_can_be_cancelled_and_leaves_nothing_behind()
    {
        var database = await NewDatabaseAsync();
        await using var holder = await database.OpenConnectionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", MigrationLock.Key);
            await take.ExecuteNonQueryAsync();
        }
        using var stop = new CancellationTokenSource();

        var waiting = Runner(database).ApplyAsync(stop.Token);
        await Eventually.Until(() => WaitingForLockAsync(database), count => count == 1, "the runner waiting for the migration lock");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", holder))
        {
            release.Parameters.AddWithValue("key", MigrationLock.Key);
            await release.ExecuteNonQueryAsync();
        }
        Assert.False(await MigrationDatabase.ExistsAsync(database, "schemaversions"));
        Assert.Equal(ScriptNames, (await Runner(database).ApplyAsync(CancellationToken.None)).Applied);
    }

    internal static async Task<long> WaitingForLockAsync(NpgsqlDataSource database)
    {
        // An advisory lock on a bigint key shows its high and low 32 bits as classid and objid.
        await using var command = database.CreateCommand(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = @high AND objid::bigint = @low
            """);
        command.Parameters.AddWithValue("high", MigrationLock.Key >> 32);
        command.Parameters.AddWithValue("low", MigrationLock.Key & 0xFFFF_FFFF);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_failing_script_names_itself_and_its_statement_and_is_not_journaled_until_fixed()
    {
        var database = await NewDatabaseAsync();
        var broken = new MigrationScript("9999_broken.sql", "CREATE TABLE broken_first (id integer);\nCREATE TABLEE broken_second (id integer);\n");

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => Runner(database, broken).ApplyAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Equal("9999_broken.sql", error.ScriptName);
        Assert.Contains("9999_broken.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLEE broken_second (id integer)", error.Message, StringComparison.Ordinal);
        Assert.Contains("«TABLEE", error.Message, StringComparison.Ordinal);
        Assert.Equal(ScriptNames, await MigrationDatabase.JournalAsync(database));
        // The statement before the broken one ran in the same transaction, so it is gone too.
        Assert.False(await MigrationDatabase.ExistsAsync(database, "broken_first"));
        Assert.True(await MigrationDatabase.ExistsAsync(database, "scan_results"));
        var status = await Runner(database, broken).StatusAsync(CancellationToken.None);
        Assert.Equal((5, 1), (status.Applied, status.Pending));
        Assert.Equal(["9999_broken.sql"], status.PendingScripts);

        var fixedScript = broken with { Contents = "CREATE TABLE broken_first (id integer);\nCREATE TABLE broken_second (id integer);\n" };
        var report = await Runner(database, fixedScript).ApplyAsync(CancellationToken.None);

        string[] journal = [.. ScriptNames, "9999_broken.sql"];
        Assert.Equal(["9999_broken.sql"], report.Applied);
        Assert.Equal(journal, await MigrationDatabase.JournalAsync(database));
        Assert.True(await MigrationDatabase.ExistsAsync(database, "broken_second"));
    }

    [Fact]
    public async Task A_failure_inside_a_do_block_names_the_statement_in_the_block()
    {
        var database = await NewDatabaseAsync();
        var broken = new MigrationScript("9998_broken_block.sql", "DO $$\nBEGIN\n    PERFORM no_such_function(42);\nEND\n$$;\n");

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => Runner(database, broken).ApplyAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Contains("9998_broken_block.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_function(42)", error.Message, StringComparison.Ordinal);
        Assert.Equal(ScriptNames, await MigrationDatabase.JournalAsync(database));
    }

    public void Dispose()
    {
        foreach (var dataSource in _dataSources)
        {
            dataSource.Dispose();
        }
        _logging.Dispose();
    }
}
