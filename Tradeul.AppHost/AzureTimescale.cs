using Aspire.Hosting.Azure;
using Azure.Provisioning.PostgreSql;

namespace Tradeul.AppHost;

/// <summary>
/// Publish-mode shape of the Azure Database for PostgreSQL flexible server: TimescaleDB allowed and
/// preloaded, and the same 4 GiB memory budget as the TimescaleDB container in run mode.
/// </summary>
/// <remarks>
/// Azure offers TimescaleDB's Apache edition only (no compression, no continuous-aggregate policies);
/// the migrations detect that and Maintenance does retention and rollups itself. shared_preload_libraries
/// takes effect after a server restart, which a deployment does not do: until then the server reports
/// plain PostgreSQL and the same bounds are kept by Maintenance (README: "Deploying").
/// </remarks>
internal static class AzureTimescale
{
    public static void Configure(AzureResourceInfrastructure infrastructure)
    {
        var server = infrastructure.GetProvisionableResources().OfType<PostgreSqlFlexibleServer>().Single();

        // Burstable B2s: 2 vCores, 4 GiB (Aspire's default B1ms has 2 GiB).
        server.Sku = new PostgreSqlFlexibleServerSku
        {
            Name = "Standard_B2s",
            Tier = PostgreSqlFlexibleServerSkuTier.Burstable,
        };

        var allowExtension = new PostgreSqlFlexibleServerConfiguration("timescaledbAllowList")
        {
            Parent = server,
            Name = "azure.extensions",
            Value = "TIMESCALEDB",
            Source = "user-override",
        };
        var preload = new PostgreSqlFlexibleServerConfiguration("timescaledbPreload")
        {
            Parent = server,
            Name = "shared_preload_libraries",
            Value = "pg_stat_statements,timescaledb",
            Source = "user-override",
        };

        // A flexible server accepts one change at a time; deploying these in parallel with each other or
        // with the database and firewall rule fails with ServerIsBusy, so they go last, one by one.
        foreach (var database in infrastructure.GetProvisionableResources().OfType<PostgreSqlFlexibleServerDatabase>())
        {
            allowExtension.DependsOn.Add(database);
        }
        foreach (var rule in infrastructure.GetProvisionableResources().OfType<PostgreSqlFlexibleServerFirewallRule>())
        {
            allowExtension.DependsOn.Add(rule);
        }
        preload.DependsOn.Add(allowExtension);

        infrastructure.Add(allowExtension);
        infrastructure.Add(preload);
    }
}
