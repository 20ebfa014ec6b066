using Aspire.Hosting;
using Tradeul.AppHost;

// Tradeul's orchestration (Aspire 13.6): Redis and PostgreSQL/TimescaleDB, the migration step, then
// Maintenance, Ingest and Scanner. Servers run as containers where a container runtime is healthy and
// as the machine's own executables elsewhere (TradeulServers). Publish mode writes the manifest azd deploys.
// A configuration problem (bad Tradeul:* value, missing program, unwritable folder) ends it with one clear line.
return TradeulConfigurationException.ExitCodeOf(() => Run(args));

static void Run(string[] args)
{
    var builder = DistributedApplication.CreateBuilder(args);

    var servers = TradeulServers.Add(builder);
    var maintenanceApiKey = TradeulParameters.MaintenanceApiKey(builder);
    var polygonApiKey = TradeulParameters.PolygonApiKey(builder);
    var ingestProvider = TradeulParameters.IngestProvider(builder);

    // The migration step runs to completion before any service starts (run mode only: Container Apps have no
    // run-once ordering, and a deployed Maintenance applies pending migrations at start under the same advisory
    // lock, so deploys need no separate step).
    IResourceBuilder<ProjectResource>? migrate = null;
    if (builder.ExecutionContext.IsRunMode)
    {
        migrate = builder.AddProject<Projects.Tradeul_Maintenance>("migrate")
            .WithArgs("migrate")
            .WithReference(servers.Database)
            .WaitFor(servers.Database)
            .WithServiceSize();
    }

    var maintenance = builder.AddTradeulService<Projects.Tradeul_Maintenance>("maintenance", servers)
        .WithReference(servers.Database)
        .WaitFor(servers.Database)
        .WithEnvironment("Maintenance__ApiKey", maintenanceApiKey);

    var ingest = builder.AddTradeulService<Projects.Tradeul_Ingest>("ingest", servers)
        .WithEnvironment("Ingest__Provider", ingestProvider)
        .WithEnvironment("Polygon__ApiKey", polygonApiKey); // read only when the provider is polygon

    // The Scanner never touches PostgreSQL. Its API (and the traders' page) is the public one;
    // the dashboard links its endpoint as the page, which the Scanner serves at /.
    var scanner = builder.AddTradeulService<Projects.Tradeul_Scanner>("scanner", servers)
        .WithExternalHttpEndpoints()
        .WithUrlForEndpoint("http", url => url.DisplayText = "Scanner page");

    if (migrate is not null)
    {
        // Services start against a finished schema (Maintenance syncs metadata from it).
        maintenance.WaitForCompletion(migrate);
        ingest.WaitForCompletion(migrate);
        scanner.WaitForCompletion(migrate);
    }

    builder.AddStartupSummary(maintenance, ingest, scanner);
    builder.Build().Run();
}
