using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Registry;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Resilience;

namespace Tradeul.Maintenance.Jobs;

public sealed record PersistenceResult(int Read, int Rejected, int Inserted);

/// <summary>
/// Every hour: the top rows of each session's <c>scanner:filtered_complete</c> into
/// <c>scan_results</c> in one statement, stamped with the hour, so a repeated run in the
/// same hour inserts nothing (ON CONFLICT DO NOTHING on time, session, symbol). The
/// persistence timestamp moves only after the rows are in.
/// </summary>
public sealed partial class ScanPersistenceJob(
    IConnectionMultiplexer redis,
    NpgsqlDataSource database,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<MaintenanceOptions> options,
    TimeProvider time,
    ILogger<ScanPersistenceJob> logger)
{
    public const string Name = "scan_persistence";
    private const int Columns = 11;
    private readonly ResiliencePipeline _postgres = pipelines.GetPipeline(ResiliencePipelineNames.Postgres);

    public async Task<PersistenceResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime(); // Npgsql and the hour bucket need offset zero, whatever clock is injected
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var redisDb = redis.GetDatabase();
        var rows = new List<ScanRow>();
        var rejected = 0;
        foreach (var session in MarketSessionNames.Trading)
        {
            var key = session.ToKey();
            var json = await redisDb.StringGetAsync(RedisKeys.FilteredComplete(key)).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (json.IsNull)
            {
                continue;
            }
            rejected += Parse((byte[])json!, hour, key, options.Value.PersistenceTopN, rows);
        }
        if (rejected > 0)
        {
            LogRejected(logger, rejected);
        }

        var inserted = rows.Count == 0 ? 0 : await _postgres.ExecuteAsync(static (state, token) => new ValueTask<int>(InsertAsync(state.database, state.rows, token)), (database, rows), cancellationToken).ConfigureAwait(false);
        await redisDb.StringSetAsync(RedisKeys.LastScanPersistence, now.ToString("O", CultureInfo.InvariantCulture)).WaitAsync(cancellationToken).ConfigureAwait(false);
        LogPersisted(logger, rows.Count, inserted, hour);
        return new PersistenceResult(rows.Count, rejected, inserted);
    }

    private static async Task<int> InsertAsync(NpgsqlDataSource database, List<ScanRow> rows, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("INSERT INTO scan_results (time, session, symbol, rank, score, price, change_percent, gap_percent, volume, rvol, categories) VALUES ");
        await using var command = database.CreateCommand();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            sql.Append(i == 0 ? "(" : ",(");
            for (var c = 0; c < Columns; c++)
            {
                sql.Append(c == 0 ? "$" : ",$").Append(i * Columns + c + 1);
            }
            sql.Append(')');
            command.Parameters.Add(new NpgsqlParameter { Value = row.Time, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Session });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Symbol });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Rank });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Score });
            command.Parameters.Add(new NpgsqlParameter { Value = row.Price, NpgsqlDbType = NpgsqlDbType.Numeric });
            command.Parameters.Add(Nullable(row.ChangePercent));
            command.Parameters.Add(Nullable(row.GapPercent));
            command.Parameters.Add(new NpgsqlParameter { Value = row.Volume });
            command.Parameters.Add(Nullable(row.Rvol));
            command.Parameters.Add(new NpgsqlParameter { Value = row.Categories, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
        sql.Append(" ON CONFLICT (time, session, symbol) DO NOTHING");
        command.CommandText = sql.ToString();
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Nullable(double? value) =>
        new() { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double };

    /// <returns>The number of rows that could not be read.</returns>
    internal static int Parse(byte[] json, DateTimeOffset hour, string session, int topN, List<ScanRow> into)
    {
        var rejected = 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return 1;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return 1;
            }
            var taken = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (taken == topN)
                {
                    break;
                }
                try
                {
                    var categories = element.TryGetProperty("categories", out var list) && list.ValueKind == JsonValueKind.Array
                        ? list.EnumerateArray().Select(c => c.GetString() ?? "").ToArray()
                        : [];
                    into.Add(new ScanRow(hour, session, element.GetProperty("symbol").GetString() ?? throw new InvalidOperationException("no symbol"),
                        element.TryGetProperty("rank", out var rank) ? rank.GetInt32() : taken + 1,
                        element.GetProperty("score").GetDouble(),
                        element.GetProperty("price").GetDecimal(),
                        Optional(element, "change_percent"), Optional(element, "gap_percent"),
                        element.GetProperty("volume").GetInt64(),
                        Optional(element, "rvol"),
                        categories));
                    taken++;
                }
                catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    rejected++;
                }
            }
        }
        return rejected;
    }

    private static double? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Count} unreadable rows in scanner:filtered_complete.")]
    private static partial void LogRejected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Persisted scan results for {Hour:O}: {Read} read, {Inserted} new.")]
    private static partial void LogPersisted(ILogger logger, int read, int inserted, DateTimeOffset hour);
}

internal sealed record ScanRow(DateTimeOffset Time, string Session, string Symbol, int Rank, double Score, decimal Price,
    double? ChangePercent, double? GapPercent, long Volume, double? Rvol, string[] Categories);
