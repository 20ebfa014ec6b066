using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tradeul.AppHost;

/// <summary>What every Tradeul service gets from the AppHost.</summary>
internal static class TradeulServices
{
    /// <summary>
    /// The project with its fixed host port (<see cref="ServicePorts"/>), <c>/health</c> as its health check,
    /// Redis referenced and waited for, its memory budget, and the AppHost's <c>Market</c> section.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddTradeulService<TProject>(
        this IDistributedApplicationBuilder builder, string name, TradeulServers servers)
        where TProject : IProjectMetadata, new()
    {
        var port = ServicePorts.For(builder.Configuration, name);
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            ServicePorts.RequireFree(builder.Configuration, name, port);
            return Task.CompletedTask;
        });
        return builder.AddProject<TProject>(name)
            .WithHttpEndpoint(port: port)
            .WithHttpHealthCheck("/health")
            .WithReference(servers.Redis)
            .WaitFor(servers.Redis)
            .WithServiceSize()
            .WithMarketCalendar(builder.Configuration);
    }

    /// <summary>
    /// Every service decides sessions from the same calendar, so closures and early closes an
    /// operator declares once on the AppHost (<c>Market:Closures</c>, <c>Market:EarlyCloses</c>)
    /// reach all three as environment variables (<c>Market__Closures__0__Date</c>, ...).
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithMarketCalendar(this IResourceBuilder<ProjectResource> service, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection("Market").AsEnumerable())
        {
            if (value is not null)
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return service;
    }

    /// <summary>Logs where each service answers once DCP has created them (the dashboard login URL is Aspire's own line).</summary>
    public static void AddStartupSummary(this IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] services)
    {
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, _) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tradeul.AppHost");
            foreach (var service in services)
            {
                var endpoint = service.GetEndpoint("http");
                if (endpoint.IsAllocated)
                {
                    logger.LogInformation("{Service}: {Url}", service.Resource.Name, endpoint.Url);
                }
            }
            return Task.CompletedTask;
        });
    }
}
