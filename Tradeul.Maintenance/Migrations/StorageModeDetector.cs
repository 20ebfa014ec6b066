using Npgsql;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// Reads which <see cref="StorageMode"/> a database is in from the objects it holds (hypertables,
/// policies, continuous aggregates; see <see cref="StorageLayout.Mode"/>), not from whether the
/// timescaledb extension is installed.
/// </summary>
public static class StorageModeDetector
{
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<StorageMode> DetectAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        (await StorageLayoutReader.ReadAsync(dataSource, cancellationToken).ConfigureAwait(false)).Mode;
}
