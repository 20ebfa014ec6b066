using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradeul.AppHost.Containers;

namespace Tradeul.AppHost.Local;

/// <summary>
/// <c>local</c> mode: Redis and PostgreSQL from the machine's packages, run by DCP as executables, with their
/// data under <c>Tradeul:DataDirectory</c> (default <c>.data/</c> at the repository root), listening on
/// 127.0.0.1 only, each with a health check so that <c>WaitFor</c> means ready.
/// </summary>
internal static class LocalServers
{
    /// <summary>redis-server with the same settings as the container (<see cref="RedisServerCommand"/>): noeviction, AOF, maxmemory 4gb, password.</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, string dataRoot)
    {
        var directory = Path.Combine(dataRoot, "redis");
        var configFile = Path.Combine(directory, "tradeul-redis.conf");
        var command = LocalExecutables.Find("redis-server")
            ?? throw new TradeulConfigurationException("redis-server was not found on PATH. ./run.sh installs it (apt package redis-server).");
        var resource = new LocalRedisResource(name, command, directory, password.Resource);
        // Before DCP starts anything: a folder that cannot be made fails the start with its reason, not a hang.
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            LocalExecutables.CreateDataDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                // The AOF is the market's state: for redis-server's user alone (it runs as the AppHost's user).
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return Task.CompletedTask;
        });

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (_, cancellationToken) =>
        {
            // The password goes in an owner-only file, not on the command line where `ps` shows it to everyone.
            var secret = await password.Resource.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Parameter '{password.Resource.Name}' has no value.");
            File.Delete(configFile); // UnixCreateMode applies only to a new file
            var ownerOnly = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                ownerOnly.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // never readable by others, not even briefly
            }
            await using (var file = new StreamWriter(configFile, ownerOnly))
            {
                await file.WriteAsync(RedisServerCommand.LocalConfig(directory, secret).AsMemory(), cancellationToken);
            }
        });

        return builder.AddLocalServer(resource, new RedisPingHealthCheck(resource), [configFile], "--port", "Database");
    }

    /// <summary>
    /// The PostgreSQL server, run as the <c>postgres</c> user when the AppHost is root; <c>initdb</c> on first start.
    /// </summary>
    /// <exception cref="TradeulConfigurationException">No PostgreSQL server binaries were found, or not where configured.</exception>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, string dataRoot)
    {
        var layout = LocalPostgresLayout.Discover(dataRoot, builder.Configuration["Tradeul:Local:PostgresBin"]);
        string[] server =
        [
            layout.Executable("postgres"), "-D", layout.ClusterDirectory, "-k", layout.SocketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_permissions=0700",
        ];
        if (layout.TimescaleDbInstalled)
        {
            server = [.. server, "-c", "shared_preload_libraries=timescaledb", "-c", "timescaledb.telemetry_level=off", .. TimescaleWorkers.ServerArguments];
        }
        var (command, prefixArgs) = LocalPostgresCluster.AsServerUser(layout, server);
        var resource = new LocalPostgresServerResource(name, command, dataRoot, password.Resource, layout);

        // initdb before DCP starts anything: a failure stops the AppHost with initdb's own words instead of
        // leaving every service waiting on a server that never comes up.
        builder.Eventing.Subscribe<BeforeStartEvent>(async (e, cancellationToken) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tradeul.AppHost.LocalPostgres");
            await LocalPostgresCluster.EnsureInitializedAsync(layout, logger, cancellationToken);
            // By then DCP has stopped the server (DcpPublisher:WaitForResourceCleanup) or is killing it.
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped
                .Register(() => LocalPostgresCluster.RemoveSocketDirectory(layout, logger));
        });
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (e, cancellationToken) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await LocalPostgresCluster.CreateSocketDirectoryAsync(layout, logger, cancellationToken);
        });
        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, async (e, cancellationToken) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await LocalPostgresCluster.CreateDatabasesAsync(layout, Port(resource), resource.Databases.Values, logger, cancellationToken);
        });

        return builder.AddLocalServer(resource, new PostgresReadyHealthCheck(resource), prefixArgs, "-p", "DatabaseMultiple");
    }

    /// <summary>
    /// The executable with its proxyless TCP endpoint on 127.0.0.1 (DCP picks a free port and passes it as
    /// <paramref name="portFlag"/> PORT after <paramref name="args"/>) and its health check, so WaitFor means ready.
    /// </summary>
    private static IResourceBuilder<T> AddLocalServer<T>(
        this IDistributedApplicationBuilder builder, T resource, IHealthCheck healthCheck, string[] args, string portFlag, string icon)
        where T : ExecutableResource
    {
        var healthCheckName = $"{resource.Name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckName, _ => healthCheck, failureStatus: null, tags: null));
        var endpoint = new EndpointReference(resource, "tcp");
        return builder.AddResource(resource)
            .WithEndpoint(name: endpoint.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in args)
                {
                    context.Args.Add(arg);
                }
                context.Args.Add(portFlag);
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheckName)
            .WithIconName(icon);
    }

    /// <summary>A database created on the server once it is ready; healthy when it answers over TCP with the password.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases[name] = database.DatabaseName;
        var healthCheck = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new PostgresDatabaseHealthCheck(database), failureStatus: null, tags: null));
        // Aspire passes a parent's state on to its children only for containers; for an executable parent the
        // database follows the server here, so its health check starts when the server runs.
        server.ApplicationBuilder.Eventing.Subscribe<InitializeResourceEvent>(database, (e, ignored) =>
        {
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = FollowParentStateAsync(e.Notifications, database, stopping);
            return Task.CompletedTask;
        });
        return server.ApplicationBuilder.AddResource(database)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    private static async Task FollowParentStateAsync(ResourceNotificationService notifications, LocalPostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (ReferenceEquals(update.Resource, database.Parent))
                {
                    var snapshot = update.Snapshot;
                    await notifications.PublishUpdateAsync(database, s => s with
                    {
                        State = snapshot.State,
                        StartTimeStamp = snapshot.StartTimeStamp,
                        StopTimeStamp = snapshot.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping: nothing left to follow.
        }
    }

    internal static int Port(LocalPostgresServerResource resource) =>
        resource.Endpoint.TargetPort ?? throw new InvalidOperationException($"'{resource.Name}' has no port yet.");
}
