using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Tradeul.AppHost;

// Tradeul's orchestration (Aspire 13.1): Redis and TimescaleDB, the migration step, then
// Maintenance, Ingest and Scanner. Run mode starts containers and processes on this machine;
// publish mode (azd) describes Azure Container Apps, Azure Database for PostgreSQL flexible
// server and a Redis container app. Connection names are the services' own: "redis", "tradeul".
var builder = DistributedApplication.CreateBuilder(args);
var isRunMode = builder.ExecutionContext.IsRunMode;

// Tests switch volumes off so each run starts empty and no old cluster meets a new password.
var useDataVolumes = builder.Configuration.GetValue("Tradeul:DataVolumes", true);

if (builder.ExecutionContext.IsPublishMode)
{
    // One Container Apps environment (with its registry and Log Analytics) holds every service.
    builder.AddAzureContainerAppEnvironment("aca");
}

// Parameters. Secrets nobody types are generated; azd asks only for the two a person owns.
var redisPassword = TradeulParameters.Generated(builder, "redis-password");
var databasePassword = TradeulParameters.Generated(builder, "timescaledb-password");
var maintenanceApiKey = TradeulParameters.MaintenanceApiKey(builder);
var polygonApiKey = TradeulParameters.PolygonApiKey(builder);
var ingestProvider = TradeulParameters.IngestProvider(builder);

// Redis: a container in both modes, because only there does the design's command line hold
// (Azure Cache for Redis fixes maxmemory by SKU and offers AOF only on Premium).
var redis = builder.AddRedis("redis", password: redisPassword);
if (useDataVolumes)
{
    redis.WithDataVolume();
}
#pragma warning disable ASPIRECERTIFICATES001 // experimental in 13.1
// Plain TCP, as the services connect (ssl=false): no server certificate, and no CA injection either,
// whose TLS arguments could not reach our command line anyway (see RedisServerCommand).
redis.WithoutHttpsCertificate();
redis.WithCertificateTrustScope(CertificateTrustScope.None);
#pragma warning restore ASPIRECERTIFICATES001
redis.WithTradeulServerCommand()
    .WithContainerSize(runtimeMemory: "5g", cpu: 2.5, memory: "5Gi"); // above maxmemory 4gb: room for fork/AOF rewrite and buffers

// TimescaleDB: Azure Database for PostgreSQL flexible server when deployed (TimescaleDB's Apache
// edition; the migrations detect it), the timescale/timescaledb container when run locally.
var timescale = builder.AddAzurePostgresFlexibleServer("timescaledb")
    .WithPasswordAuthentication(password: databasePassword) // the services' Npgsql client uses a password, not Entra ID
    .ConfigureInfrastructure(AzureTimescale.Configure)
    .RunAsContainer(container =>
    {
        container.WithImage(TimescaleImage.Name, TimescaleImage.Tag)
            .WithImageRegistry(TimescaleImage.Registry)
            .WithEnvironment("TIMESCALEDB_TELEMETRY", "off")
            .WithEnvironment("TS_TUNE_MEMORY", "4GB") // timescaledb-tune sizes shared_buffers for the limit, not the host
            .WithContainerSize(runtimeMemory: "4g", cpu: 2, memory: "4Gi");
        if (useDataVolumes)
        {
            container.WithDataVolume();
        }
    });
var database = timescale.AddDatabase("tradeul");

// The migration step runs to completion before any service starts (run mode only: Container Apps
// have no run-once ordering, and a deployed Maintenance applies pending migrations at start
// under the same advisory lock, so deploys need no separate step).
IResourceBuilder<ProjectResource>? migrate = null;
if (isRunMode)
{
    migrate = builder.AddProject<Projects.Tradeul_Maintenance>("migrate")
        .WithArgs("migrate")
        .WithReference(database)
        .WaitFor(database)
        .WithServiceSize();
}

var maintenance = builder.AddProject<Projects.Tradeul_Maintenance>("maintenance")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(redis)
    .WaitFor(redis)
    .WithReference(database)
    .WaitFor(database)
    .WithEnvironment("Maintenance__ApiKey", maintenanceApiKey)
    .WithServiceSize();

var ingest = builder.AddProject<Projects.Tradeul_Ingest>("ingest")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(redis)
    .WaitFor(redis)
    .WithEnvironment("Ingest__Provider", ingestProvider)
    .WithEnvironment("Polygon__ApiKey", polygonApiKey) // read only when the provider is polygon
    .WithServiceSize();

// The Scanner never touches PostgreSQL: no database reference. Its API is the public one.
var scanner = builder.AddProject<Projects.Tradeul_Scanner>("scanner")
    .WithHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(redis)
    .WaitFor(redis)
    .WithServiceSize();

if (migrate is not null)
{
    // Services start against a finished schema, as run.sh does (Maintenance syncs metadata from it).
    maintenance.WaitForCompletion(migrate);
    ingest.WaitForCompletion(migrate);
    scanner.WaitForCompletion(migrate);
}

builder.Build().Run();
