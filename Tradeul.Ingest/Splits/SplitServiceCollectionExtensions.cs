using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Providers.Polygon;
using Tradeul.Ingest.Simulated;

namespace Tradeul.Ingest.Splits;

internal static class SplitServiceCollectionExtensions
{
    /// <summary>
    /// <c>Ingest:Splits</c> options (validated at start), the split source that goes with
    /// <paramref name="provider"/> (none when <c>Ingest:Splits:Source</c> is none), the calendar,
    /// the adjustment stage, its stats and metrics. Polygon's source expects <c>AddPolygonProvider</c>.
    /// </summary>
    internal static IServiceCollection AddSplitAdjustment(this IServiceCollection services, IConfiguration configuration, string provider)
    {
        services.AddOptions<SplitOptions>().BindConfiguration(SplitOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SplitOptions>, SplitOptionsValidator>());

        var source = configuration[$"{SplitOptions.SectionName}:{nameof(SplitOptions.Source)}"] ?? SplitOptions.ProviderSource;
        if (source == SplitOptions.ProviderSource && provider == IngestOptions.SimulatedProvider)
        {
            services.AddSingleton<ISplitSource, SimulatedSplitSource>();
        }
        else if (source == SplitOptions.ProviderSource && provider == IngestOptions.PolygonProvider)
        {
            services.AddSingleton<ISplitSource, PolygonSplitSource>();
        }
        services.AddSingleton(sp => new SplitStats(sp.GetService<ISplitSource>()?.Name ?? SplitOptions.NoSource));
        services.AddSingleton<SplitTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SplitCalendar>();
        services.AddSingleton<SplitAdjuster>();
        return services;
    }
}
