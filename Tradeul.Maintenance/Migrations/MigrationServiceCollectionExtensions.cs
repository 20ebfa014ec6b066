using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tradeul.Maintenance.Migrations;

public static class MigrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MigrationRunner"/>. It uses the <see cref="Npgsql.NpgsqlDataSource"/>
    /// that <c>builder.AddNpgsqlDataSource("tradeul")</c> (Aspire.Npgsql) registers.
    /// </summary>
    public static IServiceCollection AddMigrations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MigrationRunner>();
        return services;
    }
}
