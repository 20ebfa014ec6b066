using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.DayRecord;
using Tradeul.Ingest.Providers;
using Tradeul.Ingest.Providers.Polygon;
using Tradeul.Ingest.Simulated;
using Tradeul.Ingest.Splits;
using Tradeul.Ingest.Telemetry;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Market;
using Tradeul.Shared.Streams;

namespace Tradeul.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>Everything Ingest runs: Redis, StreamManager, the configured provider, the cycle and its loop.</summary>
    public static IHostApplicationBuilder AddIngestServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection)
            .AddRedisClient("redis");
        services.AddMarketCalendar();
        services.AddStreamManager();
        services.AddLoopMonitoring();

        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();

        var provider = builder.Configuration[$"{IngestOptions.SectionName}:{nameof(IngestOptions.Provider)}"] ?? IngestOptions.SimulatedProvider;
        if (provider == IngestOptions.SimulatedProvider)
        {
            services.AddOptions<SimulatedMarketOptions>().BindConfiguration(SimulatedMarketOptions.SectionName).ValidateOnStart();
            services.AddSingleton<IValidateOptions<SimulatedMarketOptions>, SimulatedMarketOptionsValidator>();
            services.AddSingleton<SimulatedMarket>();
            services.AddSingleton<IMarketDataProvider>(sp => sp.GetRequiredService<SimulatedMarket>());
            services.AddSingleton<IIngestStartupTask, SimulatedDayResume>();
            if (builder.Configuration.GetValue($"{SimulatedMarketOptions.SectionName}:{nameof(SimulatedMarketOptions.SeedReferenceData)}", true))
            {
                services.AddSingleton<SimulatedReferenceData>();
                services.AddSingleton<IIngestStartupTask>(sp => sp.GetRequiredService<SimulatedReferenceData>());
            }
        }
        else if (provider == IngestOptions.PolygonProvider)
        {
            services.AddPolygonProvider();
            services.AddSingleton<IMarketDataProvider, PolygonProviderPerFetch>();
        }
        services.AddSplitAdjustment(builder.Configuration, provider);

        services.AddResiliencePipeline(IngestCycle.ProviderPipeline, pipeline => pipeline
            .AddRetry(new RetryStrategyOptions
            {
                // Transport trouble, 408 and 5xx are worth a quick retry inside the cycle; a refused
                // key, a 404 or a 429 get the same answer again, so the loop's backoff handles them.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ProviderFailures.IsTransient),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(300),
            })
            .AddTimeout(TimeSpan.FromSeconds(60)));

        services.AddSingleton<IngestTelemetry>();
        services.AddSingleton(sp => new IngestStats(sp.GetRequiredService<IMarketDataProvider>().Name) { Splits = sp.GetRequiredService<SplitStats>() });
        services.AddDayRecord();
        services.AddOptions<SnapshotPlausibilityOptions>().BindConfiguration(SnapshotPlausibilityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SnapshotPlausibilityOptions>, SnapshotPlausibilityOptionsValidator>();
        services.AddSingleton<SnapshotPlausibility>();
        services.AddSingleton<IngestCycle>();
        services.AddHostedService<IngestLoop>();
        return builder;
    }
}
