using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Tradeul.Shared.Resilience;

public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the named Redis and PostgreSQL pipelines once. Resolve them through
    /// <c>ResiliencePipelineProvider&lt;string&gt;</c>; Polly's events become metrics and
    /// logs through Microsoft.Extensions.Resilience's telemetry.
    /// </summary>
    public static IServiceCollection AddTradeulResilience(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TradeulResilienceMarker)))
        {
            return services;
        }
        services.AddSingleton<TradeulResilienceMarker>();
        services.AddResilienceEnricher();

        services.AddResiliencePipeline(ResiliencePipelineNames.Redis, builder => AddRetryBreakerTimeout(builder,
            TransientFailures.IsTransientRedis, retries: 3, firstDelay: TimeSpan.FromMilliseconds(100),
            minimumThroughput: 20, breakDuration: TimeSpan.FromSeconds(5), timeout: TimeSpan.FromSeconds(5)));

        services.AddResiliencePipeline(ResiliencePipelineNames.Postgres, builder => AddRetryBreakerTimeout(builder,
            TransientFailures.IsTransientPostgres, retries: 4, firstDelay: TimeSpan.FromMilliseconds(250),
            minimumThroughput: 10, breakDuration: TimeSpan.FromSeconds(10), timeout: TimeSpan.FromSeconds(30)));

        return services;
    }

    /// <summary>
    /// Retry transient failures with exponential backoff and jitter, open a circuit when half of
    /// the recent calls fail that way, and bound every attempt in time.
    /// </summary>
    private static void AddRetryBreakerTimeout(ResiliencePipelineBuilder builder, Func<Exception, bool> transient,
        int retries, TimeSpan firstDelay, int minimumThroughput, TimeSpan breakDuration, TimeSpan timeout)
    {
        var handled = new PredicateBuilder().Handle(transient);
        builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handled,
                FailureRatio = 0.5,
                MinimumThroughput = minimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = breakDuration,
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = timeout });
    }

    private sealed class TradeulResilienceMarker;
}
