using Npgsql;

namespace Tradeul.Tests.Maintenance.Migrations;

/// <summary>Reads what the migrations left in a database, from the catalogs and the DbUp journal.</summary>
internal static class MigrationDatabase
{
    /// <summary>Each column as "name type[ not null]", in table order; empty when the relation does not exist.</summary>
    public static async Task<string[]> ColumnsAsync(NpgsqlDataSource database, string relation)
    {
        await using var command = database.CreateCommand(
            """
            SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
            FROM pg_attribute a
            WHERE a.attrelid = to_regclass(@relation) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """);
        command.Parameters.AddWithValue("relation", relation);
        return await ReadStringsAsync(command);
    }

    /// <summary>Journal entries in the order they were written.</summary>
    public static async Task<string[]> JournalAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT scriptname FROM schemaversions ORDER BY schemaversionsid");
        return await ReadStringsAsync(command);
    }

    /// <summary>Names of the relation's indexes, in name order.</summary>
    public static async Task<string[]> IndexesAsync(NpgsqlDataSource database, string relation)
    {
        await using var command = database.CreateCommand("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = to_regclass(@relation) ORDER BY 1");
        command.Parameters.AddWithValue("relation", relation);
        return await ReadStringsAsync(command);
    }

    public static async Task<bool> ExistsAsync(NpgsqlDataSource database, string relation)
    {
        await using var command = database.CreateCommand("SELECT to_regclass(@relation) IS NOT NULL");
        command.Parameters.AddWithValue("relation", relation);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string[]> ReadStringsAsync(NpgsqlCommand command)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return [.. values];
    }
}
