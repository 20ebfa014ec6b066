using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Streams;

namespace Tradeul.Shared.Snapshots;

public static class SnapshotServiceCollectionExtensions
{
    /// <summary>SnapshotManager with options from <c>Snapshots:*</c> (validated at start) and its fallback pipeline.</summary>
    public static IServiceCollection AddSnapshotManager(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SnapshotManager)))
        {
            return services;
        }
        services.AddStreamManager();
        services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SnapshotOptions>, SnapshotOptionsValidator>();
        services.AddSingleton<SnapshotMetrics>();
        services.AddSnapshotDeltaPipeline();
        services.AddSingleton<SnapshotManager>();
        return services;
    }
}
