using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Maintenance.Jobs;

/// <param name="Rows">Rows of <c>volume_slots_today</c> made or changed by the reading.</param>
/// <param name="RowsMoved">Rows of finished days moved into <c>volume_slots</c> before it.</param>
public sealed record VolumeSlotResult(DateOnly? Date, int Slot, int Rows, int RowsMoved = 0);

/// <summary>
/// Records each ticker's cumulative volume (shares) for the current 5-minute slot into its row of
/// <c>volume_slots_today</c> (one row per ticker and trading day, element slot + 1 of
/// <c>cumulative_volumes</c>), from the newest <c>snapshots:raw</c> entry; the first reading of a new
/// trading day first moves the days before it into <c>volume_slots</c>. Why here and not in
/// Ingest: the raw stream holds only minutes of history, so the day must be recorded as it
/// happens; one read every five minutes from Maintenance keeps Ingest's loop and Redis free
/// of a second per-ticker store. A later, larger reading in the same slot replaces an earlier
/// one (it is nearer the slot's end).
/// </summary>
public sealed class VolumeSlotRecorder(IConnectionMultiplexer redis, NpgsqlDataSource database)
{
    public const string Name = "volume_slots";

    private readonly RawSnapshotDecoder _decoder = new();
    private readonly Lock _gate = new();

    public async Task<VolumeSlotResult> RunAsync(CancellationToken cancellationToken)
    {
        var newest = await redis.GetDatabase().StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (newest.Length == 0)
        {
            return new VolumeSlotResult(null, -1, 0);
        }
        var entry = newest[0];
        (DateOnly Date, int Slot, string[] Symbols, long[] Volumes) sample;
        lock (_gate)
        {
            var snapshot = _decoder.Decode((int)entry[RawSnapshotFormat.VersionField], (long)entry[RawSnapshotFormat.SequenceField],
                (long)entry[RawSnapshotFormat.AsOfField], (int)entry[RawSnapshotFormat.RowsField], (byte[])entry[RawSnapshotFormat.DataField]!);
            var session = MarketCalendar.SessionAt(snapshot.AsOf);
            if (session == MarketSession.Closed)
            {
                return new VolumeSlotResult(MarketCalendar.TradingDate(snapshot.AsOf), -1, 0);
            }
            var (slot, _) = RvolSlots.Locate(RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(snapshot.AsOf)));
            var rows = snapshot.Rows;
            var symbols = new string[rows.Length];
            var volumes = new long[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                symbols[i] = rows[i].Symbol;
                volumes[i] = rows[i].TodayVolume;
            }
            sample = (MarketCalendar.TradingDate(snapshot.AsOf), slot, symbols, volumes);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var moved = await MoveFinishedDaysAsync(connection, sample.Date, cancellationToken).ConfigureAwait(false);
        // One statement: the whole market as two arrays. A ticker's first reading of the day makes its row
        // (every other slot -1, "not recorded"); later ones set one element, keeping the row's size, so
        // PostgreSQL can rewrite it on the same page (see migrations/0005_volume_slots_by_day.sql).
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO volume_slots_today AS v (date, symbol, cumulative_volumes)
            SELECT $1, t.symbol, array_fill(-1::bigint, ARRAY[$2]) || t.volume || array_fill(-1::bigint, ARRAY[$3])
            FROM unnest($4::text[], $5::bigint[]) AS t(symbol, volume)
            ON CONFLICT (date, symbol) DO UPDATE SET cumulative_volumes[$2 + 1] = EXCLUDED.cumulative_volumes[$2 + 1]
            WHERE v.cumulative_volumes[$2 + 1] < EXCLUDED.cumulative_volumes[$2 + 1]
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Date, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Slot, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = RvolSlots.Count - 1 - sample.Slot, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Symbols, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Volumes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        var written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new VolumeSlotResult(sample.Date, sample.Slot, written, moved);
    }

    /// <summary>
    /// Moves every day before <paramref name="date"/> from <c>volume_slots_today</c> into <c>volume_slots</c>, in one
    /// statement (a day of 12,000 tickers is 12,000 rows of 1.6 KB), then vacuums <c>volume_slots_today</c> so the
    /// new day's rows reuse its space. A day already in <c>volume_slots</c> (a replayed day, or one converted from the
    /// earlier layout while it was being recorded) is merged slot by slot, keeping the larger reading.
    /// </summary>
    /// <returns>Rows moved.</returns>
    private static async Task<int> MoveFinishedDaysAsync(NpgsqlConnection connection, DateOnly date, CancellationToken cancellationToken)
    {
        await using var move = new NpgsqlCommand(
            """
            WITH finished AS (
                DELETE FROM volume_slots_today WHERE date < $1 RETURNING date, symbol, cumulative_volumes
            )
            INSERT INTO volume_slots AS v (date, symbol, cumulative_volumes)
            SELECT date, symbol, cumulative_volumes FROM finished
            ON CONFLICT (date, symbol) DO UPDATE SET cumulative_volumes =
                ARRAY(SELECT GREATEST(a, b) FROM unnest(v.cumulative_volumes, EXCLUDED.cumulative_volumes) WITH ORDINALITY AS u(a, b, i) ORDER BY i)
            """, connection);
        move.Parameters.Add(new NpgsqlParameter { Value = date, NpgsqlDbType = NpgsqlDbType.Date });
        var moved = await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (moved > 0)
        {
            // Outside any transaction (this connection has none).
            await using var vacuum = new NpgsqlCommand("VACUUM volume_slots_today", connection);
            await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return moved;
    }
}
