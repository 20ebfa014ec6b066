using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Resilience;

namespace Tradeul.Shared.Streams;

public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// StreamManager, its limits from <c>Streams:*</c> (validated at start), its metrics and
    /// the background trim loops. Needs an <c>IConnectionMultiplexer</c> (AddRedisClient).
    /// </summary>
    public static IServiceCollection AddStreamManager(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StreamManager)))
        {
            return services;
        }
        services.AddOptions<StreamManagerOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                StreamConfigurationReader.Read(configuration.GetSection(StreamManagerOptions.SectionName), options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamManagerOptions>, StreamManagerOptionsValidator>();
        services.AddMetrics();
        services.AddLoopMonitoring();
        services.AddTradeulResilience();
        services.AddSingleton<StreamLimits>();
        services.AddSingleton<StreamMetrics>();
        services.AddSingleton<StreamManager>();
        services.AddHostedService<StreamTrimService>();
        return services;
    }
}
