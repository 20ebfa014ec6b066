using System.Globalization;
using Npgsql;

namespace Tradeul.Tests.Maintenance.Timescale;

/// <summary>Rows in every table and reads of what TimescaleDB holds, for the storage-mode tests.</summary>
internal static class TimescaleTestData
{
    /// <summary>The database server's clock, which TimescaleDB's policies measure their windows against.</summary>
    public static async Task<DateTimeOffset> ServerNowAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT date_trunc('second', now())", connection);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>
    /// One scan_results row per symbol per hour, from <paramref name="now"/> back over <paramref name="scanDays"/>
    /// days; one volume_slots row per symbol per date (slot 0 recorded, the rest -1) over <paramref name="slotDays"/> dates up to
    /// <paramref name="now"/>'s UTC date; one ticker_metadata row per symbol. Symbols are S1..S<paramref name="symbols"/>.
    /// </summary>
    public static async Task SeedAsync(string database, DateTimeOffset now, int scanDays, int slotDays, int symbols)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var scans = new NpgsqlCommand(
            """
            INSERT INTO scan_results (time, session, symbol, rank, score, price, volume, rvol, categories)
            SELECT $1 - h * INTERVAL '1 hour', 'MARKET_OPEN', 'S' || s, s, 100 - s + h / 1000.0, 10 + s + h / 100.0, 1000 * s + h, 1.5, '{gappers_up}'
            FROM generate_series(0, $2 * 24 - 1) AS h, generate_series(1, $3) AS s
            """, connection))
        {
            scans.Parameters.AddWithValue(now.ToUniversalTime());
            scans.Parameters.AddWithValue(scanDays);
            scans.Parameters.AddWithValue(symbols);
            await scans.ExecuteNonQueryAsync();
        }
        await using (var slots = new NpgsqlCommand(
            """
            INSERT INTO volume_slots (date, symbol, cumulative_volumes)
            SELECT $1 - d, 'S' || s, ARRAY[100 * s::bigint] || array_fill(-1::bigint, ARRAY[191]) FROM generate_series(0, $2 - 1) AS d, generate_series(1, $3) AS s
            """, connection))
        {
            slots.Parameters.AddWithValue(DateOnly.FromDateTime(now.UtcDateTime));
            slots.Parameters.AddWithValue(slotDays);
            slots.Parameters.AddWithValue(symbols);
            await slots.ExecuteNonQueryAsync();
        }
        await using var metadata = new NpgsqlCommand(
            "INSERT INTO ticker_metadata (symbol, name, exchange) SELECT 'S' || s, 'Company ' || s, 'XNAS' FROM generate_series(1, $1) AS s", connection);
        metadata.Parameters.AddWithValue(symbols);
        await metadata.ExecuteNonQueryAsync();
    }

    /// <summary>count(*) of each relation, by name.</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(string database, IEnumerable<string> relations)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            counts[relation] = await ScanPersistenceTests.ScalarAsync(database, $"SELECT count(*) FROM {relation}");
        }
        return counts;
    }

    /// <summary>Chunks of a hypertable and how many of them hold no row (what DELETE-only retention leaves behind).</summary>
    public static async Task<(int Chunks, int Empty)> ChunksAsync(string database, string hypertable)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var chunks = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT format('%I.%I', chunk_schema, chunk_name) FROM timescaledb_information.chunks WHERE hypertable_name = $1", connection))
        {
            list.Parameters.AddWithValue(hypertable);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                chunks.Add(reader.GetString(0));
            }
        }
        var empty = 0;
        foreach (var chunk in chunks)
        {
            // Chunk names come from TimescaleDB's catalog, quoted by format(%I).
            await using var any = new NpgsqlCommand($"SELECT NOT EXISTS (SELECT 1 FROM {chunk})", connection);
            empty += (bool)(await any.ExecuteScalarAsync())! ? 1 : 0;
        }
        return (chunks.Count, empty);
    }

    /// <summary>Rows in one relation and not the other, both ways: 0 when a rollup equals the expected buckets exactly.</summary>
    public static Task<long> DifferenceAsync(string database, string actual, string expected) =>
        ScanPersistenceTests.ScalarAsync(database, string.Create(CultureInfo.InvariantCulture,
            $"SELECT (SELECT count(*) FROM (({actual}) EXCEPT ({expected})) a) + (SELECT count(*) FROM (({expected}) EXCEPT ({actual})) b)"));

    /// <summary>The buckets of scan_results as both rollups define them, from <paramref name="since"/> (a SQL expression) on. Averages are compared to 9 decimals: a sum of doubles in another order may differ in its last bits.</summary>
    public static string ExpectedBuckets(string width, string since, string? until = null) =>
        $"""
        SELECT time_bucket(INTERVAL '{width}', time) AS bucket, symbol, last(price, time)::numeric(20,4), max(price)::numeric(20,4), min(price)::numeric(20,4),
               max(volume), round(avg(score)::numeric, 9), max(rvol), count(*)
        FROM scan_results WHERE time >= time_bucket(INTERVAL '{width}', {since}){(until is null ? "" : $" AND time < time_bucket(INTERVAL '{width}', {until})")}
        GROUP BY 1, 2
        """;

    public static string RollupRows(string rollup, string since, string width, string? until = null) =>
        $"""
        SELECT bucket, symbol, last_price::numeric(20,4), max_price::numeric(20,4), min_price::numeric(20,4), max_volume, round(avg_score::numeric, 9), max_rvol, row_count
        FROM {rollup} WHERE bucket >= time_bucket(INTERVAL '{width}', {since}){(until is null ? "" : $" AND bucket < time_bucket(INTERVAL '{width}', {until})")}
        """;
}
