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

        services.AddResiliencePipeline(ResiliencePipelineNames.Redis, builder => builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransientRedis),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransientRedis),
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(5) }));

        services.AddResiliencePipeline(ResiliencePipelineNames.Postgres, builder => builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransientPostgres),
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransientPostgres),
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(10),
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(30) }));

        return services;
    }

    private sealed class TradeulResilienceMarker;
}
