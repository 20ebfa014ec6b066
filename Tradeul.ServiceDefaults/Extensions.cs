using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tradeul.ServiceDefaults;
using Tradeul.ServiceDefaults.Http;

namespace Microsoft.Extensions.Hosting;

// Shaped like Aspire's ServiceDefaults template so the services read like any Aspire
// codebase. Differences from the template are called out where they are made.
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string LiveTag = "live";

    /// <summary>Every ActivitySource and Meter of ours starts with this prefix.</summary>
    public const string TradeulTelemetryPrefix = "Tradeul.";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddLoggingDefaults();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        // The house conventions of every HTTP API: errors as problem details, an OpenAPI document.
        builder.Services.AddProblemDetailsDefaults();
        builder.Services.AddOpenApiDefaults();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TradeulTelemetryPrefix + "*")
                .AddMeter("Polly"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TradeulTelemetryPrefix + "*")
                .AddAspNetCoreInstrumentation(aspnet =>
                    // Probes hit these every few seconds; tracing them only buries real requests.
                    aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation()
                // Before any exporter: root Redis command spans are dropped (see the filter for why).
                .AddProcessor(new RootRedisSpanFilter()));
        // AddRedisClient (Aspire.StackExchange.Redis) adds its Redis command spans' source to
        // this tracer itself; only their flush interval is ours to set.
        builder.Services.ConfigureRedisCommandSpanFlush(RedisCommandSpanFlush.Interval);

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The Aspire dashboard (and azd's Container Apps environment) set this variable;
        // without it nothing is exported and nothing tries the network.
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Unlike the template these are mapped in every environment: a container platform
        // probes them in production. The response body is only the status word, so no
        // check's description (which could mention a host name) leaks out.
        // /health runs every check, tagged or not: the Redis and PostgreSQL checks that
        // Aspire's client packages register carry no tags, and readiness must include them.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        app.MapOpenApiDefaults();
        return app;
    }
}
