using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tradeul.ServiceDefaults;

/// <summary>
/// Log levels every service starts from. StackExchange.Redis logs each step of every connect and
/// reconnect at Information under <see cref="RedisCategory"/> (<c>StackExchange.Redis.ConnectionMultiplexer</c>;
/// Aspire.StackExchange.Redis hands it the host's logger factory): some 40 lines per connection,
/// burying the services' own lines in the dashboard. It starts at Warning instead.
/// </summary>
public static class LoggingDefaults
{
    public const string RedisCategory = "StackExchange.Redis";

    public static IServiceCollection AddLoggingDefaults(this IServiceCollection services) =>
        // First in the list: of two rules for the same category the later one wins, so configuration
        // (Logging:LogLevel:StackExchange.Redis, or a provider's own section) still overrides this default.
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Insert(0, new LoggerFilterRule(providerName: null, RedisCategory, LogLevel.Warning, filter: null)));
}
