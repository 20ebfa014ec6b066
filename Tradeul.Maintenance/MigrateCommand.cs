using Tradeul.Maintenance.Migrations;

namespace Tradeul.Maintenance;

/// <summary><c>dotnet run --project Tradeul.Maintenance -- migrate</c>: apply pending migrations and exit.</summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.RequireConnectionString("tradeul", ConnectionStringRequirement.NpgsqlSettingsSection)
            .AddNpgsqlDataSource("tradeul", settings => settings.DisableTracing = true);
        builder.Services.AddMigrations();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tradeul.Maintenance.Migrate");
        try
        {
            var report = await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
            logger.LogInformation("Applied {Count} migrations ({Scripts}); storage changes: {Changes}; storage mode {Mode}.",
                report.Applied.Count, string.Join(", ", report.Applied),
                report.StorageChanges.Count == 0 ? "none" : string.Join("; ", report.StorageChanges), report.Mode.ToKey());
            return 0;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Migration failed: {Message}", ex.Message);
            return 1;
        }
    }
}
