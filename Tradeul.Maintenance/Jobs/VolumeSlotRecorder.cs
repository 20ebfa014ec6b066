using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Maintenance.Jobs;

public sealed record VolumeSlotResult(DateOnly? Date, int Slot, int Rows);

/// <summary>
/// Records each ticker's cumulative volume (shares) for the current 5-minute slot into its row of
/// <c>volume_slots</c> (one row per ticker and trading day, element slot + 1 of
/// <c>cumulative_volumes</c>), from the newest <c>snapshots:raw</c> entry. Why here and not in
/// Ingest: the raw stream holds only minutes of history, so the day must be recorded as it
/// happens; one read every five minutes from Maintenance keeps Ingest's loop and Redis free
/// of a second per-ticker store. A later, larger reading in the same slot replaces an earlier
/// one (it is nearer the slot's end).
/// </summary>
/// <remarks><see cref="VolumeSlotResult.Rows"/> counts the rows made or changed.</remarks>
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

        // One statement: the whole market as two arrays. A ticker's first reading of the day makes its row
        // (every other slot -1, "not recorded"); later ones set one element, keeping the row's size, so
        // PostgreSQL rewrites it on the same page (see migrations/0005_volume_slots_by_day.sql).
        await using var command = database.CreateCommand(
            """
            INSERT INTO volume_slots AS v (date, symbol, cumulative_volumes)
            SELECT $1, t.symbol, array_fill(-1::bigint, ARRAY[$2]) || t.volume || array_fill(-1::bigint, ARRAY[$3])
            FROM unnest($4::text[], $5::bigint[]) AS t(symbol, volume)
            ON CONFLICT (date, symbol) DO UPDATE SET cumulative_volumes[$2 + 1] = EXCLUDED.cumulative_volumes[$2 + 1]
            WHERE v.cumulative_volumes[$2 + 1] < EXCLUDED.cumulative_volumes[$2 + 1]
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Date, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Slot, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = RvolSlots.Count - 1 - sample.Slot, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Symbols, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sample.Volumes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        var written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new VolumeSlotResult(sample.Date, sample.Slot, written);
    }
}
