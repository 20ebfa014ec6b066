namespace Tradeul.AppHost.Tests;

/// <summary>Checks on the built model only, in both server modes: nothing is started.</summary>
public sealed class AppHostModelTests
{
    private static readonly string[] Services = ["maintenance", "ingest", "scanner"];

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task Every_resource_exists_with_the_same_names_in_both_modes(string servers)
    {
        await using var builder = await AppHostModel.CreateAsync(servers, Path.GetTempPath());

        var names = builder.Resources.Select(resource => resource.Name).ToHashSet();
        string[] expected =
        [
            "redis", "timescaledb", "tradeul", "migrate", .. Services,
            "redis-password", "timescaledb-password", "maintenance-api-key", "polygon-api-key", "ingest-provider",
        ];
        foreach (var name in expected)
        {
            Assert.Contains(name, names);
        }
        Assert.IsAssignableFrom<IResourceWithConnectionString>(builder.Resource("redis"));
        Assert.IsAssignableFrom<IResourceWithConnectionString>(builder.Resource("tradeul"));
        Assert.Equal(servers == "local", builder.Resource("redis") is ExecutableResource);
        Assert.Equal(servers == "local", builder.Resource("timescaledb") is ExecutableResource);
        foreach (var name in Services.Append("migrate"))
        {
            Assert.IsAssignableFrom<ProjectResource>(builder.Resource(name));
        }
    }

    [Fact]
    public async Task Container_redis_command_line_carries_the_design_settings()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");
        var redis = Assert.IsAssignableFrom<RedisResource>(builder.Resource("redis"));

        foreach (var operation in new[] { DistributedApplicationOperation.Run, DistributedApplicationOperation.Publish })
        {
            var args = await redis.ArgumentsAsync(operation);

            Assert.Equal("/bin/sh", redis.Entrypoint);
#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001
            Assert.True(redis.ShellExecution != true, "the args are already the sh -c form; DCP must not wrap them again");
#pragma warning restore ASPIRECONTAINERSHELLEXECUTION001
            Assert.Equal(["-c"], args[..1]);
            var line = Assert.Single(args[1..]);
            Assert.StartsWith("exec redis-server ", line);
            Assert.Contains("--maxmemory 4gb", line);
            Assert.Contains("--maxmemory-policy noeviction", line);
            Assert.Contains("--appendonly yes", line);
            Assert.Contains("--requirepass \"$REDIS_PASSWORD\"", line);
        }
    }

    [Fact]
    public async Task Container_timescaledb_is_pinned_to_a_postgres_17_tag_with_telemetry_off()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");
        var timescale = builder.Resource("timescaledb");

        var image = Assert.Single(timescale.Annotations.OfType<ContainerImageAnnotation>());

        Assert.Equal("timescale/timescaledb", image.Image);
        Assert.Equal("docker.io", image.Registry);
        Assert.Matches(@"^\d+\.\d+\.\d+-pg17$", image.Tag);
        // Room for TimescaleDB's launcher, schedulers, policy jobs and parallel workers (issue 12: the default 8 ran out).
        var args = await timescale.ArgumentsAsync(DistributedApplicationOperation.Run);
        foreach (var setting in new[] { "max_worker_processes=25", "timescaledb.max_background_workers=16" })
        {
            Assert.Equal("-c", args[Array.IndexOf(args, setting) - 1]);
        }
    }

    [Fact]
    public async Task Local_servers_listen_on_loopback_and_postgres_never_runs_as_root()
    {
        await using var builder = await AppHostModel.CreateAsync("local", Path.GetTempPath());

        var postgres = Assert.IsAssignableFrom<ExecutableResource>(builder.Resource("timescaledb"));
        GivePort(postgres, 5999);
        var args = await postgres.ArgumentsAsync(DistributedApplicationOperation.Run);
        Assert.Contains("listen_addresses=127.0.0.1", args);
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Equal("setpriv", postgres.Command);
            Assert.Contains("--reuid=postgres", args);
        }

        Assert.Equal("5999", args[Array.IndexOf(args, "-p") + 1]);

        var redis = Assert.IsAssignableFrom<ExecutableResource>(builder.Resource("redis"));
        GivePort(redis, 6999);
        Assert.EndsWith("/redis-server", redis.Command);
        var redisArgs = await redis.ArgumentsAsync(DistributedApplicationOperation.Run);
        Assert.Equal(["--port", "6999"], redisArgs[1..]);
        Assert.DoesNotContain(redisArgs, arg => arg.Contains("requirepass")); // in an owner-only config file, not on `ps`
    }

    /// <summary>What DCP would do at start: a port for the proxyless endpoint, so arguments that name it resolve.</summary>
    private static void GivePort(IResource resource, int port) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single().TargetPort = port;

    [Fact]
    public async Task Services_keep_their_documented_host_ports()
    {
        await using var builder = await AppHostModel.CreateAsync("local", Path.GetTempPath());

        var ports = Services.ToDictionary(
            name => name,
            name => builder.Resource(name).Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port);

        Assert.Equal(5101, ports["ingest"]);
        Assert.Equal(5102, ports["scanner"]);
        Assert.Equal(5103, ports["maintenance"]);
    }

    [Fact]
    public async Task Migration_step_runs_maintenance_migrate_against_the_database()
    {
        await using var builder = await AppHostModel.CreateAsync("local", Path.GetTempPath());
        var migrate = builder.Resource("migrate");

        Assert.Contains("migrate", await migrate.ArgumentsAsync(DistributedApplicationOperation.Run));
        Assert.Contains("tradeul", migrate.References());
        Assert.Contains(migrate.Waits(), wait => wait.Resource.Name == "tradeul");
    }

    [Fact]
    public async Task Every_service_references_what_it_uses_and_waits_for_the_migration_to_complete()
    {
        await using var builder = await AppHostModel.CreateAsync("local", Path.GetTempPath());

        foreach (var name in Services)
        {
            var service = builder.Resource(name);
            Assert.Contains("redis", service.References());
            Assert.Contains(service.Waits(), wait => wait.Resource.Name == "redis" && wait.WaitType == WaitType.WaitUntilHealthy);
            Assert.Contains(service.Waits(), wait => wait.Resource.Name == "migrate" && wait.WaitType == WaitType.WaitForCompletion);
        }

        var maintenance = builder.Resource("maintenance");
        Assert.Contains("tradeul", maintenance.References());
        Assert.Contains(maintenance.Waits(), wait => wait.Resource.Name == "tradeul");
    }

    [Fact]
    public async Task Scanner_and_ingest_never_reference_postgresql()
    {
        await using var builder = await AppHostModel.CreateAsync("local", Path.GetTempPath());

        foreach (var name in new[] { "scanner", "ingest" })
        {
            var service = builder.Resource(name);
            Assert.DoesNotContain("tradeul", service.References());
            Assert.DoesNotContain("timescaledb", service.References());
            Assert.DoesNotContain(service.Waits(), wait => wait.Resource.Name is "tradeul" or "timescaledb");
        }
    }

    [Fact]
    public async Task Market_closures_declared_on_the_AppHost_reach_every_service()
    {
        await using var builder = await AppHostModel.CreateAsync("local", Path.GetTempPath(),
            extraArgs: ["Market:Closures:0:Date=2031-03-12", "Market:Closures:0:Reason=Storm", "Market:EarlyCloses:0:Date=2031-03-13", "Market:EarlyCloses:0:Close=13:00"]);

        foreach (var name in Services)
        {
            var environment = await builder.Resource(name).EnvironmentAsync();
            Assert.Equal("2031-03-12", environment["Market__Closures__0__Date"]);
            Assert.Equal("Storm", environment["Market__Closures__0__Reason"]);
            Assert.Equal("13:00", environment["Market__EarlyCloses__0__Close"]);
        }
    }
}
