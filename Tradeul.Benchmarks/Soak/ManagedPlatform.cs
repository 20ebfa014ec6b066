using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.Simulated;
using Tradeul.Maintenance;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Scanner;
using Tradeul.Scanner.Cycle;
using Tradeul.Scanner.Enrichment;

namespace Tradeul.Benchmarks.Soak;

/// <summary>
/// Ingest, Scanner and Maintenance wired exactly as their services wire them, in process,
/// on one fake clock. Their loops are not started: the soak drives every cycle and job, so a
/// 16-hour day runs in minutes and runs the same way every time.
/// </summary>
internal sealed class ManagedPlatform : IAsyncDisposable
{
    private readonly IHost _ingest;
    private readonly IHost _scanner;
    private readonly IHost _maintenance;

    private ManagedPlatform(IHost ingest, IHost scanner, IHost maintenance)
    {
        _ingest = ingest;
        _scanner = scanner;
        _maintenance = maintenance;
    }

    public IngestCycle Ingest => _ingest.Services.GetRequiredService<IngestCycle>();
    public ScannerCycle Scanner => _scanner.Services.GetRequiredService<ScannerCycle>();
    public IServiceProvider ScannerServices => _scanner.Services;
    public IServiceProvider MaintenanceServices => _maintenance.Services;

    public static async Task<ManagedPlatform> CreateAsync(string redis, string postgres, TimeProvider time, DateTimeOffset start, int tickers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:tradeul"] = postgres,
            ["Simulated:Tickers"] = tickers.ToString(CultureInfo.InvariantCulture),
            ["Simulated:StartTime"] = start.ToString("O", CultureInfo.InvariantCulture),
            ["Maintenance:ApiKey"] = "soak-only-key-not-a-secret",
            ["Scanner:ConsumerName"] = "soak",
        };
        var ingest = Build(settings, time, b => b.AddIngestServices());
        var scanner = Build(settings, time, b => b.AddScannerServices());
        var maintenance = Build(settings, time, b => b.AddMaintenanceServices());
        await maintenance.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await ingest.Services.GetRequiredService<SimulatedReferenceData>().SeedAsync(CancellationToken.None);
        var (table, _) = await scanner.Services.GetRequiredService<EnrichmentLoader>().LoadAsync(CancellationToken.None);
        scanner.Services.GetRequiredService<EnrichmentCache>().Replace(table);
        return new ManagedPlatform(ingest, scanner, maintenance);
    }

    public Task<PersistenceResult> PersistAsync() => _maintenance.Services.GetRequiredService<ScanPersistenceJob>().RunAsync(CancellationToken.None);

    public Task<RetentionResult> RetainAsync() => _maintenance.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);

    /// <summary>A service's host, built and not started (the caller drives its cycles), on <paramref name="time"/>, logging warnings and worse.</summary>
    internal static IHost Build(Dictionary<string, string?> settings, TimeProvider time, Action<HostApplicationBuilder> add)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(time);
        add(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(time));
        return builder.Build();
    }

    public ValueTask DisposeAsync()
    {
        _ingest.Dispose();
        _scanner.Dispose();
        _maintenance.Dispose();
        return ValueTask.CompletedTask;
    }
}
