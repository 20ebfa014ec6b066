using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tradeul.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stand-in for Aspire.Npgsql (not in this project's registry): same method name and
/// configuration keys; registers a singleton <see cref="NpgsqlDataSource"/>, connections
/// from it, a health check, and Npgsql's own tracing and metrics.
/// </summary>
public static class NpgsqlClientExtensions
{
    public const string SettingsSection = "Aspire:Npgsql";

    public static void AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlClientSettings>? configureSettings = null, Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        var settings = ClientSettingsReader.Read<NpgsqlClientSettings>(
            builder.Configuration, SettingsSection, connectionName, s => s.ConnectionString, (s, value) => s.ConnectionString = value);
        configureSettings?.Invoke(settings);

        builder.Services.AddSingleton(sp =>
        {
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
            dataSourceBuilder.UseLoggerFactory(sp.GetService<ILoggerFactory>());
            configureDataSourceBuilder?.Invoke(dataSourceBuilder);
            return dataSourceBuilder.Build();
        });
        builder.Services.AddTransient(sp => sp.GetRequiredService<NpgsqlDataSource>().CreateConnection());

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                $"postgres-{connectionName}",
                sp => new NpgsqlHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
                HealthStatus.Unhealthy,
                tags: ["ready", "postgres"],
                timeout: settings.HealthCheckTimeout));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        }
        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("Npgsql"));
        }
    }
}
