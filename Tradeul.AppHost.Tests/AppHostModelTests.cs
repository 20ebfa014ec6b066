namespace Tradeul.AppHost.Tests;

/// <summary>Checks on the built model only: these run anywhere Aspire restores, with no container runtime.</summary>
public sealed class AppHostModelTests
{
    private static readonly string[] Services = ["maintenance", "ingest", "scanner"];

    [Fact]
    public async Task Every_resource_exists()
    {
        await using var builder = await AppHostModel.CreateAsync();

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
        Assert.IsAssignableFrom<RedisResource>(builder.Resource("redis"));
        Assert.IsAssignableFrom<PostgresServerResource>(builder.Resource("timescaledb"));
        Assert.IsAssignableFrom<PostgresDatabaseResource>(builder.Resource("tradeul"));
        foreach (var name in Services.Append("migrate"))
        {
            Assert.IsAssignableFrom<ProjectResource>(builder.Resource(name));
        }
    }

    [Theory]
    [InlineData(DistributedApplicationOperation.Run)]
    [InlineData(DistributedApplicationOperation.Publish)]
    public async Task Redis_server_command_line_carries_the_design_settings(DistributedApplicationOperation operation)
    {
        await using var builder = await AppHostModel.CreateAsync();
        var redis = Assert.IsAssignableFrom<RedisResource>(builder.Resource("redis"));

        var args = await redis.ArgumentsAsync(operation);

        Assert.Equal("/bin/sh", redis.Entrypoint);
#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001
        Assert.True(redis.ShellExecution != true, "the args are already the sh -c form");
#pragma warning restore ASPIRECONTAINERSHELLEXECUTION001
        Assert.Equal(2, args.Length);
        Assert.Equal("-c", args[0]);
        var line = args[1];
        Assert.StartsWith("exec redis-server ", line);
        Assert.Contains("--maxmemory 4gb", line);
        Assert.Contains("--maxmemory-policy noeviction", line);
        Assert.Contains("--appendonly yes", line);
        Assert.Contains("--requirepass \"$REDIS_PASSWORD\"", line);
    }

    [Fact]
    public async Task TimescaleDb_image_is_pinned_to_a_postgres_17_tag()
    {
        await using var builder = await AppHostModel.CreateAsync();
        var timescale = builder.Resource("timescaledb");

        var image = Assert.Single(timescale.Annotations.OfType<ContainerImageAnnotation>());

        Assert.Equal("timescale/timescaledb", image.Image);
        Assert.Equal("docker.io", image.Registry);
        Assert.Matches(@"^\d+\.\d+\.\d+-pg17$", image.Tag);
    }

    [Fact]
    public async Task Migration_step_runs_maintenance_migrate_against_the_database()
    {
        await using var builder = await AppHostModel.CreateAsync();
        var migrate = builder.Resource("migrate");

        Assert.Contains("migrate", await migrate.ArgumentsAsync(DistributedApplicationOperation.Run));
        Assert.Contains("tradeul", migrate.References());
        Assert.Contains(migrate.Waits(), wait => wait.Resource.Name == "tradeul");
    }

    [Fact]
    public async Task Every_service_references_what_it_uses_and_waits_for_the_migration_to_complete()
    {
        await using var builder = await AppHostModel.CreateAsync();

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
        await using var builder = await AppHostModel.CreateAsync();

        foreach (var name in new[] { "scanner", "ingest" })
        {
            var service = builder.Resource(name);
            Assert.DoesNotContain("tradeul", service.References());
            Assert.DoesNotContain("timescaledb", service.References());
            Assert.DoesNotContain(service.Waits(), wait => wait.Resource.Name is "tradeul" or "timescaledb");
        }
    }
}
