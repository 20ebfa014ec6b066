using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Status;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>
/// <c>GET /api/maintenance/status</c> is served from a snapshot: many calls within
/// <c>Maintenance:StatusRefreshInterval</c> (on the service's clock, a fake one here) cost one read of the
/// database and Redis, concurrent callers share it, and the next call after the interval reads again. Its error
/// texts name no host, port, user, password or connection string.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class StatusSnapshotTests(RealServersFixture servers, ITestOutputHelper output)
{
    /// <summary>Saturday 2026-11-28, 10:00 New York: no session, so the jobs at start do nothing that matters here.</summary>
    private static readonly DateTimeOffset Saturday = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Thirty_calls_within_the_interval_cost_one_refresh_and_the_first_call_after_it_refreshes()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(Saturday);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock,
            settings: [new("Maintenance:StatusRefreshInterval", "00:00:03")]);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var snapshot = app.Services.GetRequiredService<MaintenanceStatusSnapshot>();

        // Twenty at once (they share the one read), then ten one after another.
        var bodies = (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ManualRunTests.StatusAsync(http)))).ToList();
        for (var i = 0; i < 10; i++)
        {
            bodies.Add(await ManualRunTests.StatusAsync(http));
        }
        clock.Advance(TimeSpan.FromSeconds(2.9));
        bodies.Add(await ManualRunTests.StatusAsync(http));

        Assert.Equal(1, snapshot.Refreshes);
        Assert.All(bodies, body => Assert.Equal(1, body.GetProperty("snapshot").GetProperty("refreshes").GetInt64()));
        Assert.Single(bodies.Select(body => body.GetProperty("snapshot").GetProperty("taken_at").GetDateTimeOffset()).Distinct());
        Assert.Equal(3000, bodies[0].GetProperty("snapshot").GetProperty("refresh_interval_ms").GetDouble());
        Assert.Equal("postgresql", bodies[0].GetProperty("mode").GetString());

        clock.Advance(TimeSpan.FromSeconds(0.1));
        var fresh = await ManualRunTests.StatusAsync(http);
        Assert.Equal(2, fresh.GetProperty("snapshot").GetProperty("refreshes").GetInt64());
        Assert.Equal(clock.GetUtcNow(), fresh.GetProperty("snapshot").GetProperty("taken_at").GetDateTimeOffset());
        Assert.Equal(2, snapshot.Refreshes);
        await app.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_without_its_host_port_user_password_or_name()
    {
        await using var redis = await RedisServer.CreateAsync();
        var port = FreePort.Next();
        var nothingListens = $"Host=127.0.0.1;Port={port};Username=maint_user_x;Password=hunter2-secret-pw;Database=tradeul_secret_db;Timeout=2";
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, nothingListens, output, new FakeTimeProvider(Saturday), start: false);

        var status = JsonSerializer.SerializeToElement(await app.Services.GetRequiredService<MaintenanceStatusSnapshot>().ReadAsync(CancellationToken.None));
        output.WriteLine(status.ToString());

        var error = status.GetProperty("postgres_error").GetString()!;
        Assert.Equal("NpgsqlException: could not connect to PostgreSQL (ConnectionRefused)", error);
        foreach (var secret in new[] { "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "maint_user_x", "hunter2", "tradeul_secret_db", "Host=" })
        {
            Assert.DoesNotContain(secret, status.GetRawText(), StringComparison.Ordinal);
        }
        // The Redis part was read all the same.
        Assert.True(status.GetProperty("redis").GetProperty("used_memory").GetInt64() > 0);
    }

    [Fact]
    public void Error_texts_keep_the_type_and_a_safe_message_and_lose_every_connection_detail()
    {
        const string connectionString = "Host=db.internal.example;Port=6543;Username=tradeul_owner;Password=s3cret-Pa55;Database=tradeul_prod";
        var cases = new (Exception Error, string Expected)[]
        {
            (new InvalidOperationException($"Could not open {connectionString} at 2026-11-23T15:30:00Z"),
                "InvalidOperationException: Could not open [redacted];[redacted];[redacted];[redacted];[redacted] at 2026-11-23T15:30:00Z"),
            (new NpgsqlException("Failed to connect to 10.20.30.40:6543", new SocketException((int)SocketError.ConnectionRefused)),
                "NpgsqlException: could not connect to PostgreSQL (ConnectionRefused)"),
            (new NpgsqlException("Exception while reading from stream at [fd00::12]:6543", new TimeoutException()),
                "NpgsqlException: PostgreSQL did not answer in time"),
            (new PostgresException("password authentication failed for user \"tradeul_owner\"", "FATAL", "FATAL", "28P01"),
                "PostgresException: 28P01: PostgreSQL refused the credentials"),
            (new PostgresException("database \"tradeul_prod\" does not exist", "FATAL", "FATAL", "3D000"),
                "PostgresException: 3D000: the configured database does not exist"),
            (new PostgresException("relation \"scan_results\" does not exist", "ERROR", "ERROR", "42P01"),
                "PostgresException: 42P01: relation \"scan_results\" does not exist"),
            (new RedisConnectionException(ConnectionFailureType.UnableToConnect, "It was not possible to connect to the redis server(s). redis.internal.example:6380,password=s3cret-Pa55"),
                "RedisConnectionException: could not connect to Redis (UnableToConnect)"),
            (new TimeoutException("Timeout awaiting response (outbound=0KiB), command=GET, inst: 0, mgr: 10 of 10 available, serverEndpoint: redis.internal.example:6380"),
                "TimeoutException: Timeout awaiting response (outbound=0KiB), command=GET, inst: 0, mgr: 10 of 10 available, serverEndpoint: [redacted]"),
            (new HttpRequestException("Connection refused (redis://default:s3cret-Pa55@10.20.30.40:6380)"),
                "HttpRequestException: Connection refused ([redacted]"),
            (new InvalidOperationException("permission denied for role \"tradeul_owner\""),
                "InvalidOperationException: permission denied for role \"[redacted]\""),
        };
        foreach (var (error, expected) in cases)
        {
            var text = SafeErrorText.Of(error);
            Assert.Equal(expected, text);
            foreach (var secret in new[] { "db.internal.example", "6543", "tradeul_owner", "s3cret-Pa55", "tradeul_prod", "10.20.30.40", "fd00::12", "redis.internal.example", "6380" })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
