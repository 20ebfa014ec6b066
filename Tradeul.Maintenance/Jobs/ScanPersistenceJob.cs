using System.Diagnostics.Metrics;
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

/// <summary>What one persistence run did.</summary>
/// <param name="Read">Rows taken from the documents (the top <c>PersistenceTopN</c> of each).</param>
/// <param name="Rejected">Rows that could not be read; a document refused whole counts 1.</param>
/// <param name="Inserted">Rows new to <c>scan_results</c> (a row already there is not written again).</param>
public sealed record PersistenceResult(int Read, int Rejected, int Inserted)
{
    /// <summary>True when no document was there and none was expected: the market calendar said CLOSED.</summary>
    public bool NothingExpected { get; init; }
}

/// <summary>
/// Every hour: the top rows of each session's <c>scanner:filtered_complete</c> into <c>scan_results</c> in one
/// statement, each stamped with the market time (<c>as_of</c>) of the snapshot it was computed from, never with
/// this service's clock: a simulated or replayed market is of another day, and the rows must line up with that
/// day's <c>volume_slots</c>. A repeated run on the same snapshot inserts nothing (ON CONFLICT DO NOTHING on
/// time, session, symbol). The persistence timestamp (wall clock: when Maintenance persisted) moves only after
/// the rows are in. A document without a readable market time, or with one more than
/// <see cref="MaxAsOfAhead"/> past the clock, is rejected whole: its rows would otherwise land where no
/// retention reaches them.
/// <para>
/// No readable document at all while the market calendar (<see cref="MarketCalendar"/>, at this service's clock)
/// says a trading session is on is a miss, not a success: the Scanner is down or late. The run throws
/// <see cref="JobInputMissingException"/> (recorded as <c>missed</c>, counted in
/// <c>tradeul.maintenance.scan_persistence_misses</c>), leaves the persistence timestamp where it was, and its
/// loop tries again after <c>Maintenance:PersistenceMissRetryInterval</c>. The Scanner writes only the session
/// of its newest snapshot, so one document of any session is enough: at 09:30 the PRE_MARKET one is still the
/// newest. Outside sessions (CLOSED: nights, weekends, holidays) nothing is expected and nothing missing is a
/// miss; a document that is there (a simulated market plays another day) is persisted as always.
/// </para>
/// </summary>
public sealed partial class ScanPersistenceJob(
    IConnectionMultiplexer redis,
    NpgsqlDataSource database,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<MaintenanceOptions> options,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<ScanPersistenceJob> logger)
{
    public const string Name = "scan_persistence";

    /// <summary>How far past this service's clock a snapshot's market time may be (clock skew between hosts), before the document is refused.</summary>
    public static readonly TimeSpan MaxAsOfAhead = TimeSpan.FromHours(1);

    private const int Columns = 11;
    private readonly ResiliencePipeline _postgres = pipelines.GetPipeline(ResiliencePipelineNames.Postgres);
    /// <summary>Counter of runs that found no document during a trading session, tagged <c>session</c>.</summary>
    public const string MissesCounter = "tradeul.maintenance.scan_persistence_misses";

    private readonly Counter<long> _rejectedRows = meters.Create("Tradeul.Maintenance")
        .CreateCounter<long>("tradeul.maintenance.scan_rows_rejected", "{row}", "Rows of scanner:filtered_complete that could not be persisted (an unreadable document counts one).");
    private readonly Counter<long> _misses = meters.Create("Tradeul.Maintenance")
        .CreateCounter<long>(MissesCounter, "{run}", "Persistence runs that found no readable scanner:filtered_complete while the market calendar said a trading session was on.");

    /// <summary>The run's line on the job board.</summary>
    public static string Describe(PersistenceResult result) => result.NothingExpected
        ? "market closed: no scanner:filtered_complete expected, nothing persisted"
        : $"{result.Read} read, {result.Inserted} inserted, {result.Rejected} rejected";

    public async Task<PersistenceResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime(); // Npgsql needs offset zero, whatever clock is injected
        var redisDb = redis.GetDatabase();
        var rows = new List<ScanRow>();
        var rejected = 0;
        var documents = 0;
        foreach (var session in MarketSessionNames.Trading)
        {
            var key = session.ToKey();
            var json = await redisDb.StringGetAsync(RedisKeys.FilteredComplete(key)).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (json.IsNull)
            {
                continue;
            }
            var (documentRejected, documentError) = Parse((byte[])json!, key, options.Value.PersistenceTopN, now + MaxAsOfAhead, rows);
            if (documentError is not null)
            {
                LogRejectedDocument(logger, RedisKeys.FilteredComplete(key), documentError);
            }
            else
            {
                documents++;
            }
            rejected += documentRejected;
        }
        if (rejected > 0)
        {
            _rejectedRows.Add(rejected);
            LogRejected(logger, rejected);
        }
        if (documents == 0)
        {
            var session = MarketCalendar.SessionAt(now);
            if (session == MarketSession.Closed)
            {
                return new PersistenceResult(0, rejected, 0) { NothingExpected = true };
            }
            _misses.Add(1, new KeyValuePair<string, object?>("session", session.ToKey()));
            var retryIn = options.Value.PersistenceMissRetryInterval;
            throw new JobInputMissingException(
                $"no readable scanner:filtered_complete during {session.ToKey()} (the Scanner is down or late){(rejected > 0 ? $", {rejected} refused" : "")}; nothing persisted",
                retryIn);
        }

        var inserted = rows.Count == 0 ? 0 : await _postgres.ExecuteAsync(static (state, token) => new ValueTask<int>(InsertAsync(state.database, state.rows, token)), (database, rows), cancellationToken).ConfigureAwait(false);
        await redisDb.StringSetAsync(RedisKeys.LastScanPersistence, now.ToString("O", CultureInfo.InvariantCulture)).WaitAsync(cancellationToken).ConfigureAwait(false);
        LogPersisted(logger, rows.Count, inserted, rows.Count == 0 ? "-" : string.Join(", ", rows.Select(r => r.Time).Distinct().Select(t => t.ToString("O", CultureInfo.InvariantCulture))));
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

    /// <summary>Reads one <c>scanner:filtered_complete</c> document: <c>{"as_of": ms, "rows": [...]}</c>.</summary>
    /// <param name="latestAsOf">Market times after this are refused (see <see cref="MaxAsOfAhead"/>).</param>
    /// <returns>The number of rows that could not be read (a refused document counts 1), and why the whole document was refused, if it was.</returns>
    internal static (int Rejected, string? DocumentError) Parse(byte[] json, string session, int topN, DateTimeOffset latestAsOf, List<ScanRow> into)
    {
        var rejected = 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return (1, $"not JSON: {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("rows", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return (1, "not an object with a \"rows\" array");
            }
            if (!root.TryGetProperty("as_of", out var asOfElement) || !asOfElement.TryGetInt64(out var asOfMs)
                || asOfMs <= 0 || asOfMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                return (1, "no market time (\"as_of\", milliseconds since the Unix epoch)");
            }
            var asOf = DateTimeOffset.FromUnixTimeMilliseconds(asOfMs);
            if (asOf > latestAsOf)
            {
                return (1, $"market time {asOf:O} is after {latestAsOf:O}");
            }
            var taken = 0;
            foreach (var element in list.EnumerateArray())
            {
                if (taken == topN)
                {
                    break;
                }
                try
                {
                    var categories = element.TryGetProperty("categories", out var names) && names.ValueKind == JsonValueKind.Array
                        ? names.EnumerateArray().Select(c => c.GetString() ?? "").ToArray()
                        : [];
                    into.Add(new ScanRow(asOf, session, element.GetProperty("symbol").GetString() ?? throw new InvalidOperationException("no symbol"),
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
        return (rejected, null);
    }

    private static double? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Count} unreadable rows in scanner:filtered_complete.")]
    private static partial void LogRejected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Key}: {Reason}.")]
    private static partial void LogRejectedDocument(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Persisted scan results of snapshots at {MarketTimes}: {Read} read, {Inserted} new.")]
    private static partial void LogPersisted(ILogger logger, int read, int inserted, string marketTimes);
}

internal sealed record ScanRow(DateTimeOffset Time, string Session, string Symbol, int Rank, double Score, decimal Price,
    double? ChangePercent, double? GapPercent, long Volume, double? Rvol, string[] Categories);
