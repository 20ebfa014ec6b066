using Microsoft.Extensions.Options;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Consuming;
using Tradeul.Scanner.Cycle;
using Tradeul.Scanner.Enrichment;
using Tradeul.Scanner.History;
using Tradeul.Scanner.Publishing;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Market;
using Tradeul.Shared.Snapshots;

namespace Tradeul.Scanner;

public static class ScannerServiceCollectionExtensions
{
    /// <summary>Everything the Scanner runs. It uses Redis only: no PostgreSQL client is registered.</summary>
    public static IHostApplicationBuilder AddScannerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection)
            .AddRedisClient("redis");
        services.AddMarketCalendar();
        services.AddSnapshotManager();
        services.AddLoopMonitoring();

        services.AddOptions<ScannerOptions>().BindConfiguration(ScannerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScannerOptions>, ScannerOptionsValidator>();
        services.AddOptions<ScanThresholds>().BindConfiguration(ScanThresholds.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScanThresholds>, ScanThresholdsValidator>();

        services.AddSingleton<ScannerTelemetry>();
        services.AddSingleton<ScannerStats>();
        services.AddSingleton<EnrichmentCache>();
        services.AddSingleton<EnrichmentLoader>();
        services.AddHealthChecks().AddCheck<EnrichmentHealthCheck>(EnrichmentHealthCheck.Name, tags: ["ready"]);
        services.AddSingleton(sp => new RankingHub(
            sp.GetRequiredService<IOptions<ScannerOptions>>().Value.SseSubscriberBuffer,
            sp.GetRequiredService<ScannerStats>(),
            sp.GetRequiredService<ScannerTelemetry>()));
        services.AddSingleton<IntradayHistory>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ScannerOptions>>().Value;
            return new ScanEngine(sp.GetRequiredService<IOptions<ScanThresholds>>().Value, options.TopN, options.FilteredCompleteRows,
                history: sp.GetRequiredService<IntradayHistory>());
        });
        services.AddSingleton<ScanOutputEncoder>();
        services.AddSingleton<RankingPublisher>();
        services.AddSingleton<IdleConsumerPruner>();
        services.AddSingleton<BlockingSnapshotReader>();
        services.AddSingleton<RawSnapshotConsumer>();
        services.AddSingleton<ScannerCycle>();
        services.AddHostedService<EnrichmentRefreshLoop>();
        // Before the scan loop: hosts start services in order, so the history is refilled before the first cycle records into it.
        services.AddHostedService<IntradayHistoryRebuild>();
        services.AddHostedService<ScannerLoop>();
        return builder;
    }
}
