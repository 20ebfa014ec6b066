using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tradeul.ServiceDefaults;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>
/// StackExchange.Redis logs every step of a connect at Information; ServiceDefaults starts it at Warning
/// in every service, and configuration can still lower it. Against a real redis-server, connecting as
/// the services do (Aspire's AddRedisClient).
/// </summary>
public sealed class RedisLogLevelTests
{
    /// <summary>The category StackExchange.Redis logs under (seen in a service's console).</summary>
    private const string MultiplexerCategory = "StackExchange.Redis.ConnectionMultiplexer";

    [Fact]
    public async Task Connecting_logs_nothing_below_warning_by_default()
    {
        var logs = new RecordedLogs();
        await using var redis = await RedisServer.CreateAsync();
        await using var app = await StartConnectedAsync(redis, logs, settings: []);

        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith(LoggingDefaults.RedisCategory, StringComparison.Ordinal) && e.Level < LogLevel.Warning);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(MultiplexerCategory);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        // The services' own Information lines still pass.
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tradeul.Scanner.Cycle.ScannerLoop").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Configuration_lowers_it_again_and_the_connect_is_then_logged_under_that_category()
    {
        var logs = new RecordedLogs();
        await using var redis = await RedisServer.CreateAsync();
        await using var app = await StartConnectedAsync(redis, logs,
            settings: new Dictionary<string, string?> { [$"Logging:LogLevel:{LoggingDefaults.RedisCategory}"] = "Information" });

        Assert.Contains(logs.Entries, e => e.Category == MultiplexerCategory && e.Level == LogLevel.Information);
    }

    /// <summary>A web app with the service defaults and the Redis client, connected (the connect is what logs).</summary>
    private static async Task<WebApplication> StartConnectedAsync(RedisServer redis, RecordedLogs logs, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var app = await ServiceDefaultsApp.StartAsync(
            settings: settings.Append(new("ConnectionStrings:redis", redis.ConnectionString)),
            configure: builder => builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection).AddRedisClient("redis"),
            logging: logging => logging.AddProvider(logs));
        await app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
        return app;
    }
}
