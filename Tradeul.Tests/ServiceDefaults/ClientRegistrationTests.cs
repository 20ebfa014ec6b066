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

[Collection(RealServersCollection.Name)]
public sealed class ClientRegistrationTests(RealServersFixture servers)
{
    private static readonly ActivitySource TestSource = new("Tradeul.Tests.Parent");

    private static HostApplicationBuilder NewBuilder(Dictionary<string, string?> settings, List<Activity> spans)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        return builder;
    }

    [Fact]
    public async Task Redis_commands_issued_under_a_span_become_child_spans_with_their_timing()
    {
        var spans = new List<Activity>();
        var builder = NewBuilder(new() { ["ConnectionStrings:redis"] = servers.RedisConnectionString }, spans);
        builder.AddRedisClient("redis");
        using var host = builder.Build();
        await host.StartAsync();
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = RealServersFixture.NewKeyPrefix() + "traced";

        var parent = TestSource.StartActivity("scan cycle")!;
        await database.StringSetAsync(key, "x");
        await database.StringGetAsync(key);
        parent.Stop();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var redisSpans = spans.Where(s => s.Source.Name == RedisCommandTracing.ActivitySourceName && s.ParentSpanId == parent.SpanId).ToList();
        Assert.Equal(["SET", "GET"], redisSpans.Select(s => s.DisplayName));
        Assert.All(redisSpans, s =>
        {
            Assert.Equal(parent.TraceId, s.TraceId);
            Assert.Equal("redis", s.GetTagItem("db.system"));
            Assert.True(s.Duration > TimeSpan.Zero);
        });
        await host.StopAsync();
    }

    [Fact]
    public async Task Npgsql_data_source_runs_parameterized_queries_reports_health_and_traces()
    {
        var spans = new List<Activity>();
        var database = await servers.CreateDatabaseAsync();
        var builder = NewBuilder(new() { ["ConnectionStrings:tradeul"] = database }, spans);
        builder.AddNpgsqlDataSource("tradeul");
        using var host = builder.Build();
        await host.StartAsync();

        await using (var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT @n + 1"))
        {
            command.Parameters.AddWithValue("n", 41);
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Equal(HealthStatus.Healthy, health.Entries["postgres-tradeul"].Status);
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client);
        await host.StopAsync();
    }

    [Fact]
    public void Settings_come_from_aspire_sections_when_connection_strings_are_absent()
    {
        var builder = NewBuilder(new()
        {
            ["Aspire:StackExchange:Redis:cache:ConnectionString"] = servers.RedisConnectionString,
            ["Aspire:StackExchange:Redis:DisableHealthChecks"] = "true",
        }, []);
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        Assert.True(host.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected);
        var registrations = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.DoesNotContain(registrations, r => r.Name == "redis-cache");
    }

    [Fact]
    public void A_missing_connection_string_names_where_it_was_looked_for()
    {
        var builder = NewBuilder([], []);
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddNpgsqlDataSource("tradeul"));
        Assert.Contains("ConnectionStrings:tradeul", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Npgsql:tradeul:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
