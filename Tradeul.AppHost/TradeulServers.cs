using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tradeul.AppHost.Containers;
using Tradeul.AppHost.Local;

namespace Tradeul.AppHost;

/// <summary>
/// Redis (resource <c>redis</c>) and PostgreSQL/TimescaleDB (resource <c>timescaledb</c>, database <c>tradeul</c>)
/// in the mode <see cref="ServerModeChoice"/> picks. Names and connection-string shapes are the same in both
/// modes, so no service can tell them apart.
/// </summary>
/// <param name="Redis">Connection string <c>host:port,password=…</c>.</param>
/// <param name="Database">Connection string <c>Host=…;Port=…;Username=postgres;Password=…;Database=tradeul</c>.</param>
internal sealed record TradeulServers(
    ServerModeChoice Choice,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Database)
{
    public const string RedisName = "redis";
    public const string ServerName = "timescaledb";
    public const string DatabaseName = "tradeul";

    public static TradeulServers Add(IDistributedApplicationBuilder builder)
    {
        var choice = ServerModeChoice.Choose(builder.Configuration, builder.ExecutionContext.IsPublishMode);
        var redisPassword = TradeulParameters.Generated(builder, "redis-password");
        var databasePassword = TradeulParameters.Generated(builder, "timescaledb-password");

        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tradeul.AppHost")
                .LogInformation("Servers: {Mode} mode, because {Reason}", choice.Mode.ToString().ToLowerInvariant(), choice.Reason);
            if (builder.ExecutionContext.IsRunMode)
            {
                choice.RequireHealthyRuntime(builder.Configuration); // publish mode only writes the manifest
            }
            return Task.CompletedTask;
        });

        if (choice.Mode == ServerMode.Containers)
        {
            // Tests switch volumes off so each run starts empty and no old cluster meets a new password.
            var volumes = builder.Configuration.GetValue("Tradeul:DataVolumes", true);
            var redis = builder.AddRedisContainer(RedisName, redisPassword, volumes);
            var database = builder.AddTimescaleContainer(ServerName, databasePassword, volumes).AddDatabase(DatabaseName);
            return new(choice, redis, database);
        }

        var dataRoot = DataRoot(builder);
        var localRedis = builder.AddLocalRedis(RedisName, redisPassword, dataRoot);
        var localDatabase = builder.AddLocalPostgres(ServerName, databasePassword, dataRoot).AddDatabase(DatabaseName);
        return new(choice, localRedis, localDatabase);
    }

    /// <summary><c>Tradeul:DataDirectory</c>, default <c>.data/</c> beside the AppHost's folder (the repository root).</summary>
    private static string DataRoot(IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["Tradeul:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, "..", ".data"));
}
