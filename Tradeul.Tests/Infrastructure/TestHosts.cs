using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Tradeul.Tests.Infrastructure;

internal static class TestHosts
{
    /// <summary>
    /// A generic host wired like a service's: configuration from <paramref name="settings"/>,
    /// the Redis client (Aspire.StackExchange.Redis) pointed at <paramref name="redis"/>, logs into the
    /// test's output, and optionally a fake clock.
    /// </summary>
    public static HostApplicationBuilder Builder(
        string redis,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        TimeProvider? time = null,
        ITestOutputHelper? output = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Testing",
            ApplicationName = "Tradeul.Tests",
        });
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis }.Concat(settings ?? []));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // Polly reports every execution at Information; only its warnings help a test reader.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        }
        builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection).AddRedisClient("redis");
        if (time is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(time));
        }
        return builder;
    }
}
