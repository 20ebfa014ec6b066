using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tradeul.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stand-in for Aspire.StackExchange.Redis (not in this project's registry). Same method
/// name, same configuration keys, same registrations (a singleton
/// <see cref="IConnectionMultiplexer"/>, a health check, tracing), so moving to the real
/// package is a one-line package reference change.
/// </summary>
public static class RedisClientExtensions
{
    public const string SettingsSection = "Aspire:StackExchange:Redis";

    public static void AddRedisClient(this IHostApplicationBuilder builder, string connectionName, Action<RedisClientSettings>? configureSettings = null, Action<ConfigurationOptions>? configureOptions = null)
    {
        var settings = ClientSettingsReader.Read<RedisClientSettings>(
            builder.Configuration, SettingsSection, connectionName, s => s.ConnectionString, (s, value) => s.ConnectionString = value);
        configureSettings?.Invoke(settings);

        var options = ConfigurationOptions.Parse(settings.ConnectionString!);
        // Like Aspire: keep retrying in the background instead of failing the first call,
        // so a service that starts before Redis (or outlives a Redis restart) recovers alone.
        options.AbortOnConnectFail = false;
        builder.Configuration.GetSection($"{SettingsSection}:ConfigurationOptions").Bind(options);
        configureOptions?.Invoke(options);

        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var multiplexer = ConnectionMultiplexer.Connect(options, new LoggerTextWriter(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Tradeul.Redis.Connection")));
            if (!settings.DisableTracing)
            {
                RedisCommandTracing.Attach(multiplexer);
            }
            return multiplexer;
        });

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                $"redis-{connectionName}",
                sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()),
                HealthStatus.Unhealthy,
                tags: ["ready", "redis"],
                timeout: settings.HealthCheckTimeout));
        }
    }
}
