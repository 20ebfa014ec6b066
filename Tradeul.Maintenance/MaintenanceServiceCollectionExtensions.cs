using Microsoft.Extensions.Options;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Security;
using Tradeul.Maintenance.Status;
using Tradeul.Maintenance.Watchdog;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Market;
using Tradeul.Shared.Resilience;
using Tradeul.Shared.Streams;

namespace Tradeul.Maintenance;

public static class MaintenanceServiceCollectionExtensions
{
    /// <summary>Everything Maintenance runs: PostgreSQL, Redis, migrations at start, and one loop per job.</summary>
    public static IHostApplicationBuilder AddMaintenanceServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.RequireConnectionString("tradeul", ConnectionStringRequirement.NpgsqlSettingsSection)
            .AddNpgsqlDataSource("tradeul");
        // INFO (the memory watchdog) and BGSAVE (after the metadata sync) are admin commands.
        builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection)
            .AddRedisClient("redis", configureOptions: options => options.AllowAdmin = true);
        services.AddMarketCalendar();
        services.AddStreamManager();
        services.AddLoopMonitoring();
        services.AddTradeulResilience();
        services.AddMigrations();

        services.AddOptions<MaintenanceOptions>().BindConfiguration(MaintenanceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MaintenanceOptions>, MaintenanceOptionsValidator>();
        services.AddSingleton<StorageState>();
        services.AddSingleton<JobTelemetry>();
        services.AddSingleton<JobBoard>();
        services.AddSingleton<ScanPersistenceJob>();
        services.AddSingleton<MetadataSyncJob>();
        services.AddSingleton<VolumeSlotRecorder>();
        services.AddSingleton<RvolBaselineJob>();
        services.AddSingleton<FallbackRetentionJob>();
        services.AddSingleton<FallbackRollupJob>();
        services.AddSingleton<RedisMemoryWatch>();
        services.AddSingleton<MaintenanceStatusReader>();
        services.AddSingleton<MaintenanceStatusSnapshot>();
        services.AddSingleton<ManualJobRuns>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<TimescaleJobWatch>();
        services.AddHealthChecks().AddCheck<RedisMemoryWatch>(RedisMemoryWatch.Name, tags: ["ready"])
            .AddCheck<TimescaleJobWatch>(TimescaleJobWatch.Name, tags: ["ready"])
            .AddCheck<JobRunHealthCheck>(JobRunHealthCheck.Name, tags: ["ready"]);

        // Migrations first: hosted services start in registration order, and every job needs the schema.
        services.AddHostedService<MigrationStartup>();
        var options = builder.Configuration.GetSection(MaintenanceOptions.SectionName).Get<MaintenanceOptions>() ?? new MaintenanceOptions();
        AddJob(services, ScanPersistenceJob.Name, options.PersistenceInterval,
            (sp, token) => Run(sp, ScanPersistenceJob.Name, sp.GetRequiredService<ScanPersistenceJob>().RunAsync, ScanPersistenceJob.Describe, token));
        AddJob(services, MetadataSyncJob.Name, options.MetadataSyncInterval,
            (sp, token) => Run(sp, MetadataSyncJob.Name, sp.GetRequiredService<MetadataSyncJob>().RunAsync, r => $"{r.Synced}/{r.Expected} synced, {r.Removed} removed, {r.Unrepresentable.Values.Sum()} unrepresentable values synced as null", token));
        AddJob(services, VolumeSlotRecorder.Name, options.VolumeSlotInterval,
            (sp, token) => Run(sp, VolumeSlotRecorder.Name, sp.GetRequiredService<VolumeSlotRecorder>().RunAsync, r => (r.Rows == 0 ? "nothing to record" : $"{r.Rows} rows for {r.Date} slot {r.Slot}") + (r.RowsMoved == 0 ? "" : $"; {r.RowsMoved} rows of finished days moved into volume_slots"), token));
        AddJob(services, RvolBaselineJob.Name, options.BaselineInterval,
            (sp, token) => Run(sp, RvolBaselineJob.Name, sp.GetRequiredService<RvolBaselineJob>().RunAsync, r => $"{r.Symbols} symbols over {r.Days} sessions", token));
        AddJob(services, RedisMemoryWatch.Name, options.MemoryWatchInterval,
            (sp, token) => Run(sp, RedisMemoryWatch.Name, sp.GetRequiredService<RedisMemoryWatch>().SampleAsync, r => $"{r.UsedMemory} of {r.MaxMemory} bytes", token));
        AddJob(services, TimescaleJobWatch.Name, options.TimescaleJobWatchInterval,
            (sp, token) => Run(sp, TimescaleJobWatch.Name, sp.GetRequiredService<TimescaleJobWatch>().SampleAsync, r => $"{r.Count} policy jobs", token));
        // Every mode runs these: each run enforces only the bounds no scheduled TimescaleDB policy does.
        AddJob(services, FallbackRetentionJob.Name, options.RetentionInterval,
            (sp, token) => Run(sp, FallbackRetentionJob.Name, sp.GetRequiredService<FallbackRetentionJob>().RunAsync, r => r.ToString(), token));
        AddJob(services, FallbackRollupJob.Name, options.RollupInterval,
            (sp, token) => Run(sp, FallbackRollupJob.Name, sp.GetRequiredService<FallbackRollupJob>().RunAsync, r => r.ToString(), token));
        return builder;
    }

    private static void AddJob(IServiceCollection services, string name, TimeSpan interval, Func<IServiceProvider, CancellationToken, Task> run) =>
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<JobLoop>(sp, name, interval, run));

    private static Task Run<T>(IServiceProvider services, string name, Func<CancellationToken, Task<T>> work, Func<T, string> describe, CancellationToken token) =>
        services.GetRequiredService<JobBoard>().RunAsync(name, work, describe, token);
}
