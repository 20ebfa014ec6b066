using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tradeul.Shared.Hosting;

public static class LoopServiceCollectionExtensions
{
    /// <summary>Registers the loop registry and its health check once, however many callers ask.</summary>
    public static IServiceCollection AddLoopMonitoring(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(LoopMonitor)))
        {
            return services;
        }
        services.TryAddSingleton<LoopMonitor>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHealthChecks().AddCheck<LoopHealthCheck>(LoopHealthCheck.Name, tags: ["ready", "live"]);
        return services;
    }
}
