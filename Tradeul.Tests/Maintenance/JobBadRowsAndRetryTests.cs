using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>
/// One bad value costs its field, not the batch (case 08), and a failed job
/// is retried within minutes, not one interval later. Each test runs the metadata sync's loop
/// exactly as AddMaintenanceServices registers it, alone, on a fake clock, against a real
/// PostgreSQL and a Redis of its own (the job owns every <c>metadata:ticker:*</c> key).
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class JobBadRowsAndRetryTests(RealServersFixture servers, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Case_08_a_NaN_market_cap_syncs_as_null_and_is_counted_while_every_row_reaches_redis()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var time = new FakeTimeProvider(Start);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, time, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await ScanPersistenceTests.ExecuteAsync(database, MarketCases.Text("08_metadata_nan_market_cap.sql"));
        using var nulled = new CounterRecorder(app.Services.GetRequiredService<IMeterFactory>(), JobTelemetry.MeterName, JobTelemetry.UnrepresentableValuesCounter);

        var loop = MaintenanceLoops.Registered(app, MetadataSyncJob.Name);
        await loop.StartAsync(CancellationToken.None);
        var status = await MaintenanceLoops.WaitForRunAsync(app, MetadataSyncJob.Name, 1);

        Assert.Equal(0, status.Failures);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.Equal(new TickerMetadata("AAA", "Alpha Example Corp", "XNAS", "Technology", 1234567890123.4567m, 9007199254740993, 9007199254740995, 51234567),
            await ReadAsync(cache, "AAA"));
        Assert.Equal(new TickerMetadata("BBB", "Beta Example Inc", "XNYS", "Energy", null, 1000000, 1200000, 90000), await ReadAsync(cache, "BBB"));
        Assert.Equal(new TickerMetadata("CCC", "Gamma Example Ltd", "XNAS", null, 5000000m, 2500000, 3000000, 12000), await ReadAsync(cache, "CCC"));
        Assert.Equal(new TickerMetadata("BRK.A", "Example Holdings A", "XNYS", "Financials", 987654321098.7654m, 1400000, 1500000, 9000), await ReadAsync(cache, "BRK.A"));
        // The digits themselves, not a double's 9007199254740992.
        Assert.Contains("\"float_shares\":9007199254740993,", (string?)await cache.StringGetAsync(RedisKeys.TickerMetadata("AAA")), StringComparison.Ordinal);
        Assert.Contains("\"market_cap\":null,", (string?)await cache.StringGetAsync(RedisKeys.TickerMetadata("BBB")), StringComparison.Ordinal);

        var run = app.Services.GetRequiredService<JobBoard>().All[MetadataSyncJob.Name];
        Assert.Equal("ok", run.Outcome);
        Assert.Equal("4/4 synced, 0 removed, 1 unrepresentable values synced as null", run.Detail);
        Assert.Equal(new Dictionary<string, int> { ["market_cap"] = 1 }, run.Unrepresentable);
        Assert.Equal(1, nulled.Sum(("job", MetadataSyncJob.Name), ("column", "market_cap")));
        Assert.Equal(1, nulled.Sum());

        // The status endpoint's body: the counts by column, and the next run one interval (24 h) on.
        var job = (await MaintenanceHost.ReadStatusAsync(app)).GetProperty("jobs").GetProperty(MetadataSyncJob.Name);
        Assert.Equal("{\"market_cap\":1}", job.GetProperty("unrepresentable").GetRawText());
        Assert.Equal(Start + TimeSpan.FromHours(24), job.GetProperty("next_attempt_at").GetDateTimeOffset());
        Assert.Equal(0, job.GetProperty("consecutive_failures").GetInt32());
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>Case 09 (a regression test): BCPC and BCpC are two securities, so two keys.</summary>
    [Fact]
    public async Task Case_09_symbols_that_differ_only_in_letter_case_sync_as_different_securities()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(Start), start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await ScanPersistenceTests.ExecuteAsync(database, MarketCases.Text("09_case_sensitive_symbols.sql"));

        var loop = MaintenanceLoops.Registered(app, MetadataSyncJob.Name);
        await loop.StartAsync(CancellationToken.None);
        await MaintenanceLoops.WaitForRunAsync(app, MetadataSyncJob.Name, 1);

        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.Equal("Common Example Co", (await ReadAsync(cache, "BCPC"))?.Name);
        Assert.Equal(new TickerMetadata("BCpC", "Example Pref Series C", "XNYS", "Consumer", null, 4000000, 4000000, 15000), await ReadAsync(cache, "BCpC"));
        Assert.Equal("Example Holdings Class A", (await ReadAsync(cache, "BRK.A"))?.Name);
        Assert.Equal(1300000000, (await ReadAsync(cache, "BRK.B"))?.FloatShares);
        Assert.Equal("4/4 synced, 0 removed, 0 unrepresentable values synced as null", app.Services.GetRequiredService<JobBoard>().All[MetadataSyncJob.Name].Detail);
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// Maintenance up before its schema (PostgreSQL refuses the query: no such table): the 24 h
    /// metadata sync is retried after about 1, 2 and 4 minutes (Maintenance:JobRetry:FirstDelay,
    /// doubling, up to 20 % jitter taken off), and once a run succeeds the next is 24 h on.
    /// </summary>
    [Fact]
    public async Task A_failing_job_is_retried_after_about_1_2_and_4_minutes_and_a_success_restores_its_interval()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var time = new FakeTimeProvider(Start);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, time, start: false);
        var board = app.Services.GetRequiredService<JobBoard>();

        var loop = MaintenanceLoops.Registered(app, MetadataSyncJob.Name);
        await loop.StartAsync(CancellationToken.None);
        var waits = new List<TimeSpan>();
        for (var run = 1; run <= 3; run++)
        {
            var status = await MaintenanceLoops.WaitForRunAsync(app, MetadataSyncJob.Name, run);
            Assert.Equal(run, status.ConsecutiveFailures);
            Assert.StartsWith($"{nameof(PostgresException)}: 42P01", status.LastError, StringComparison.Ordinal);
            var shown = board.All[MetadataSyncJob.Name];
            Assert.Equal(("failed", run), (shown.Outcome, shown.ConsecutiveFailures));
            Assert.Equal(status.NextAttemptAt, shown.NextAttemptAt);
            waits.Add(status.NextAttemptAt!.Value - time.GetUtcNow());
            if (run < 3)
            {
                time.Advance(waits[^1]);
            }
        }
        Assert.InRange(waits[0], TimeSpan.FromMinutes(0.8), TimeSpan.FromMinutes(1));
        Assert.InRange(waits[1], TimeSpan.FromMinutes(1.6), TimeSpan.FromMinutes(2));
        Assert.InRange(waits[2], TimeSpan.FromMinutes(3.2), TimeSpan.FromMinutes(4));

        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await ScanPersistenceTests.ExecuteAsync(database, MarketCases.Text("08_metadata_nan_market_cap.sql"));
        time.Advance(waits[^1]);
        var recovered = await MaintenanceLoops.WaitForRunAsync(app, MetadataSyncJob.Name, 4);

        Assert.Equal((0, 3L), (recovered.ConsecutiveFailures, recovered.Failures));
        Assert.Equal(TimeSpan.FromHours(24), recovered.NextAttemptAt - time.GetUtcNow());
        Assert.Equal(("ok", 0), (board.All[MetadataSyncJob.Name].Outcome, board.All[MetadataSyncJob.Name].ConsecutiveFailures));
        var multiplexer = app.Services.GetRequiredService<IConnectionMultiplexer>();
        Assert.Equal(4, await multiplexer.GetServer(multiplexer.GetEndPoints()[0]).KeysAsync(pattern: "metadata:ticker:*").CountAsync());
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>Every kind of value .NET cannot hold, read from a real PostgreSQL: null and counted by column; the rest exact.</summary>
    [Fact]
    public async Task Values_that_dotnet_cannot_hold_are_read_as_null_and_counted_by_column()
    {
        await using var connection = new NpgsqlConnection(servers.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT 'NaN'::numeric(20,4) AS nan, 'Infinity'::numeric AS inf, '-Infinity'::numeric AS neg_inf, 1e40::numeric AS huge,
                   0.12345678901234567890123456789012345::numeric AS too_precise, 1234567890123.4567::numeric(20,4) AS exact,
                   9223372036854775808::numeric AS past_int64, 12.5::numeric AS fractional, 9007199254740993::numeric AS whole,
                   9007199254740993::bigint AS big, NULL::numeric AS missing, 'x'::text AS label
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var values = new UnrepresentableValues();

        Assert.Equal([null, null, null, null, null, 1234567890123.4567m, null],
            new[] { "nan", "inf", "neg_inf", "huge", "too_precise", "exact", "missing" }.Select(c => values.Decimal(reader, reader.GetOrdinal(c))));
        Assert.Equal([null, null, 9007199254740993L, 9007199254740993L, null],
            new[] { "past_int64", "fractional", "whole", "big", "missing" }.Select(c => values.Int64(reader, reader.GetOrdinal(c))));
        // A column of the wrong type is a schema mismatch, not bad data: it fails loudly.
        Assert.Throws<InvalidCastException>(() => values.Decimal(reader, reader.GetOrdinal("label")));

        Assert.Equal(new Dictionary<string, int>
        {
            ["fractional"] = 1, ["huge"] = 1, ["inf"] = 1, ["nan"] = 1, ["neg_inf"] = 1, ["past_int64"] = 1, ["too_precise"] = 1,
        }, values.ByColumn);
        Assert.Equal(7, values.Total);
        Assert.Equal("fractional 1, huge 1, inf 1, nan 1, neg_inf 1, past_int64 1, too_precise 1", values.ToString());
    }

    private static async Task<TickerMetadata?> ReadAsync(IDatabase cache, string symbol) =>
        JsonSerializer.Deserialize<TickerMetadata>((string)(await cache.StringGetAsync(RedisKeys.TickerMetadata(symbol)))!, TickerMetadata.Json);

}
