using Npgsql;

namespace Tradeul.Maintenance.Storage;

/// <summary>Reads a <see cref="StorageLayout"/> from the database's catalogs (PostgreSQL's, and TimescaleDB's information views where the extension is created).</summary>
public static class StorageLayoutReader
{
    // missing_ok = true: timescaledb.license only exists once the versioned library is loaded (in a
    // database where the extension is created), timescaledb.max_background_workers once the loader is
    // preloaded. Neither needs a privilege to read.
    private const string ExtensionQuery =
        """
        SELECT (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),
               current_setting('timescaledb.license', true),
               current_setting('timescaledb.max_background_workers', true) IS NOT NULL
                 AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
        """;

    // Tradeul's relations live in the schema the connection resolves first (current_schema()), as the
    // migrations created them there.
    private const string ObjectsQuery =
        """
        SELECT 'hypertable', hypertable_name, NULL, NULL::int, NULL::boolean
        FROM timescaledb_information.hypertables
        WHERE hypertable_schema = current_schema()
        UNION ALL
        SELECT 'continuous_aggregate', view_name, format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name), NULL, NULL
        FROM timescaledb_information.continuous_aggregates
        WHERE view_schema = current_schema()
        UNION ALL
        SELECT 'job', hypertable_name, proc_name::text, job_id, scheduled
        FROM timescaledb_information.jobs
        WHERE hypertable_schema = current_schema() AND proc_schema IN ('_timescaledb_functions', '_timescaledb_internal')
        """;

    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<StorageLayout> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<StorageLayout> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        string? version;
        string? license;
        bool offered;
        await using (var command = new NpgsqlCommand(ExtensionQuery, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            version = reader.IsDBNull(0) ? null : reader.GetString(0);
            license = reader.IsDBNull(1) ? null : reader.GetString(1);
            offered = reader.GetBoolean(2);
        }
        if (version is null)
        {
            return StorageLayout.Plain(null, license, offered);
        }

        var hypertables = new HashSet<string>(StringComparer.Ordinal);
        var aggregates = new Dictionary<string, string>(StringComparer.Ordinal);
        var policies = new List<TimescalePolicy>();
        await using (var command = new NpgsqlCommand(ObjectsQuery, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var relation = reader.GetString(1);
                switch (reader.GetString(0))
                {
                    case "hypertable":
                        hypertables.Add(relation);
                        break;
                    case "continuous_aggregate":
                        aggregates[relation] = reader.GetString(2);
                        break;
                    default:
                        if (TimescalePolicy.KindOf(reader.GetString(2)) is { } kind)
                        {
                            policies.Add(new TimescalePolicy(reader.GetInt32(3), kind, relation, reader.GetBoolean(4)));
                        }
                        break;
                }
            }
        }
        return new StorageLayout(version, license, offered, hypertables, aggregates, policies);
    }
}
