using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using Tradeul.ServiceDefaults;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>
/// The Redis and PostgreSQL clients as the services register them (Aspire's client packages
/// plus what ServiceDefaults adds), against real servers.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class ClientRegistrationTests(RealServersFixture servers)
{
    /// <summary>The ActivitySource of the Redis instrumentation inside Aspire.StackExchange.Redis.</summary>
    private const string RedisCommandSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    /// <summary>The scanner's cycle: a command span has to reach the exporter within one.</summary>
    private static readonly TimeSpan ScannerCycle = TimeSpan.FromSeconds(5);

    private static readonly ActivitySource TestSource = new("Tradeul.Tests.Parent");

    private static HostApplicationBuilder NewBuilder(Dictionary<string, string?> settings, ExportedSpans spans)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        return builder;
    }

    /// <summary>A started host with ServiceDefaults and the Redis client as a service registers them, exporting spans into <paramref name="spans"/>.</summary>
    private async Task<IHost> StartRedisHostAsync(ExportedSpans spans)
    {
        var builder = NewBuilder(new() { ["ConnectionStrings:redis"] = servers.RedisConnectionString }, spans);
        builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection).AddRedisClient("redis");
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task Redis_commands_are_exported_as_children_of_the_span_current_when_issued_within_a_scanner_cycle()
    {
        var spans = new ExportedSpans();
        using var host = await StartRedisHostAsync(spans);
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = RealServersFixture.NewKeyPrefix() + "traced";

        // The cycle span stays open until the end: its commands must not wait for it to stop.
        using var cycle = TestSource.StartActivity("scan cycle")!;
        await database.StringSetAsync(key, "x");
        Activity publish;
        using (publish = TestSource.StartActivity("publish")!)
        {
            await database.StringGetAsync(key);
        }

        // The instrumentation drains on its own thread every RedisCommandSpanFlush.Interval; with
        // its default of 10 s the first drain after connecting comes too late for this deadline.
        var commands = await Eventually.Until(
            () => Task.FromResult(spans.Snapshot().Where(s => s.Source.Name == RedisCommandSource && s.TraceId == cycle.TraceId).ToList()),
            found => found.Count >= 2, "the SET and GET spans to be exported", ScannerCycle);

        var set = Assert.Single(commands, s => s.DisplayName == "SET");
        var get = Assert.Single(commands, s => s.DisplayName == "GET");
        Assert.Equal(cycle.SpanId, set.ParentSpanId);
        Assert.Equal(publish.SpanId, get.ParentSpanId);
        Assert.All(commands, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("redis", s.GetTagItem("db.system"));
            Assert.True(s.Duration > TimeSpan.Zero);
            Assert.True(s.StartTimeUtc >= cycle.StartTimeUtc);
        });
        await host.StopAsync();
    }

    [Fact]
    public async Task Redis_commands_issued_outside_any_span_are_not_exported_as_traces_of_their_own()
    {
        var spans = new ExportedSpans();
        using var host = await StartRedisHostAsync(spans);
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = RealServersFixture.NewKeyPrefix() + "untraced";

        // As a poll loop does: many commands with no span current.
        for (var i = 0; i < 20; i++)
        {
            await database.StringGetAsync(key);
        }
        Activity parent;
        using (parent = TestSource.StartActivity("cycle")!)
        {
            await database.StringSetAsync(key, "x");
        }

        // Root sessions are flushed on the same interval as this one, so once the child is exported the roots
        // would have been too.
        await Eventually.Until(
            () => Task.FromResult(spans.Snapshot().Any(s => s.Source.Name == RedisCommandSource && s.ParentSpanId == parent.SpanId)),
            found => found, "the SET inside the span to be exported", ScannerCycle);
        await Task.Delay(RedisCommandSpanFlush.Interval * 2); // one more drain: any root span would be there now

        Assert.DoesNotContain(spans.Snapshot(), s => s.Source.Name == RedisCommandSource && s.ParentSpanId == default);
        await host.StopAsync();
    }

    [Fact]
    public async Task Npgsql_data_source_runs_parameterized_queries_reports_health_and_traces()
    {
        var spans = new ExportedSpans();
        var database = await servers.CreateDatabaseAsync();
        var builder = NewBuilder(new() { ["ConnectionStrings:tradeul"] = database }, spans);
        builder.RequireConnectionString("tradeul", ConnectionStringRequirement.NpgsqlSettingsSection).AddNpgsqlDataSource("tradeul");
        using var host = builder.Build();
        await host.StartAsync();

        await using (var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT @n + 1"))
        {
            command.Parameters.AddWithValue("n", 41);
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        // Aspire.Npgsql's name for its check (ours was postgres-{name}).
        Assert.Equal(HealthStatus.Healthy, health.Entries["PostgreSql"].Status);
        Assert.Contains(spans.Snapshot(), s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_check_accepts_a_connection_string_in_the_aspire_section_the_package_reads()
    {
        var builder = NewBuilder(new() { ["Aspire:StackExchange:Redis:cache:ConnectionString"] = servers.RedisConnectionString }, new());
        builder.RequireConnectionString("cache", ConnectionStringRequirement.RedisSettingsSection).AddRedisClient("cache");
        using var host = builder.Build();

        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = RealServersFixture.NewKeyPrefix() + "section";

        Assert.True(await database.StringSetAsync(key, "from the section"));
        Assert.Equal("from the section", (string?)await database.StringGetAsync(key));
    }

    [Fact]
    public void A_missing_connection_string_stops_the_build_naming_the_keys_and_no_value()
    {
        Dictionary<string, string?> settings = new()
        {
            // As in the packages, an existing ConnectionStrings entry wins even when empty,
            // so the (secret-bearing) section value below is not used.
            ["ConnectionStrings:tradeul"] = "",
            ["Aspire:Npgsql:tradeul:ConnectionString"] = "Host=db.internal;Password=hunter2",
        };

        // The package alone accepts the registration and fails only on first use...
        var withoutCheck = NewBuilder(settings, new());
        withoutCheck.AddNpgsqlDataSource("tradeul");
        using (var host = withoutCheck.Build())
        {
            Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<NpgsqlDataSource>());
        }

        // ...so the services call the check first, which stops the build.
        var error = Assert.Throws<InvalidOperationException>(
            () => NewBuilder(settings, new()).RequireConnectionString("tradeul", ConnectionStringRequirement.NpgsqlSettingsSection));
        Assert.Contains("ConnectionStrings:tradeul", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Npgsql:tradeul:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redis_client_created_while_redis_is_down_connects_by_itself_once_redis_is_up()
    {
        await using var redis = await RedisServer.CreateAsync();
        await redis.KillAsync();
        var builder = NewBuilder(new()
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            // Only so that the first, failing connect attempt gives up quickly.
            ["Aspire:StackExchange:Redis:ConfigurationOptions:ConnectTimeout"] = "500",
        }, new());
        builder.AddRedisClient("redis");
        using var host = builder.Build();

        // AbortOnConnectFail=false, the package's default: the client is created and keeps
        // retrying in the background instead of throwing.
        var multiplexer = host.Services.GetRequiredService<IConnectionMultiplexer>();
        Assert.False(multiplexer.IsConnected);

        await redis.StartAsync();
        await Eventually.Until(async () => await multiplexer.GetDatabase().StringSetAsync(RealServersFixture.NewKeyPrefix() + "up", "1"),
            ok => ok, "the client to reconnect after Redis came up");
        Assert.True(multiplexer.IsConnected);
    }
}
