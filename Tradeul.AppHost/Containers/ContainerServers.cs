using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Tradeul.AppHost.Containers;

/// <summary>
/// <c>containers</c> mode (and the deployment manifest): the Redis container with Tradeul's command line and the
/// pinned TimescaleDB container, each with a data volume unless <c>Tradeul:DataVolumes</c> is false.
/// </summary>
internal static class ContainerServers
{
    public static IResourceBuilder<RedisResource> AddRedisContainer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, bool dataVolumes)
    {
        var redis = builder.AddRedis(name, password: password);
        if (dataVolumes)
        {
            redis.WithDataVolume();
        }
#pragma warning disable ASPIRECERTIFICATES001 // experimental in 13.6
        // Plain TCP, as the services connect (ssl=false): no server certificate and no CA bundle, whose TLS
        // arguments could not reach our command line anyway (see RedisServerCommand).
        redis.WithoutHttpsCertificate();
        redis.WithCertificateTrustScope(CertificateTrustScope.None);
#pragma warning restore ASPIRECERTIFICATES001
        return redis.WithTradeulServerCommand()
            .WithContainerSize(memory: "5g"); // above maxmemory 4gb: room for fork/AOF rewrite and buffers
    }

    public static IResourceBuilder<PostgresServerResource> AddTimescaleContainer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, bool dataVolumes)
    {
        // WithImage before WithDataVolume: the volume's mount path is chosen from the image tag.
        var timescale = builder.AddPostgres(name, password: password)
            .WithImage(TimescaleImage.Name, TimescaleImage.Tag)
            .WithImageRegistry(TimescaleImage.Registry)
            .WithEnvironment("TIMESCALEDB_TELEMETRY", "off")
            .WithEnvironment("TS_TUNE_MEMORY", "4GB") // timescaledb-tune sizes shared_buffers for the limit, not the host
            // The image's entrypoint runs postgres with arguments that start with "-".
            .WithArgs(TimescaleWorkers.ServerArguments)
            .WithContainerSize(memory: "4g");
        if (dataVolumes)
        {
            timescale.WithDataVolume();
        }
        return timescale;
    }
}
