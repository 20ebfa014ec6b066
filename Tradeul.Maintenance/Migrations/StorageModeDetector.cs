using Npgsql;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// Reads which <see cref="StorageMode"/> a database is in: whether the timescaledb
/// extension is installed in it, and which edition the server's license setting enables.
/// </summary>
public static class StorageModeDetector
{
    private const string Extension = "timescaledb";
    private const string LicenseSetting = "timescaledb.license";

    /// <summary>The license value under which compression, policies and continuous aggregates exist; the Apache edition reports "apache".</summary>
    private const string FullEditionLicense = "timescale";

    // missing_ok = true: the setting only exists once TimescaleDB's library is loaded.
    private const string Query =
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = @extension), current_setting(@setting, true)";

    public static async Task<StorageMode> DetectAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(Query);
        command.Parameters.AddWithValue("extension", Extension);
        command.Parameters.AddWithValue("setting", LicenseSetting);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var installed = reader.GetBoolean(0);
        var license = await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(1);
        return Classify(installed, license);
    }

    /// <summary>The same rule the migration scripts apply in their DO blocks.</summary>
    internal static StorageMode Classify(bool extensionInstalled, string? license) =>
        !extensionInstalled ? StorageMode.PostgreSql
        : string.Equals(license, FullEditionLicense, StringComparison.Ordinal) ? StorageMode.TimescaleDb
        : StorageMode.TimescaleDbApache;
}
