using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tradeul.Maintenance.Migrations;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Maintenance.Migrations;

[Collection(RealServersCollection.Name)]
public sealed class MigrationRegistrationTests(RealServersFixture servers)
{
    [Fact]
    public async Task AddMigrations_gives_a_runner_over_the_registered_data_source()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:tradeul"] = await servers.CreateDatabaseAsync() });
        builder.AddNpgsqlDataSource("tradeul");
        builder.Services.AddMigrations();
        using var host = builder.Build();

        var status = await host.Services.GetRequiredService<MigrationRunner>().StatusAsync(CancellationToken.None);

        Assert.Equal((0, EmbeddedMigrationScripts.All.Count), (status.Applied, status.Pending));
    }
}
