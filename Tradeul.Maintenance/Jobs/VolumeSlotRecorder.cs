using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Maintenance.Jobs;

public sealed record VolumeSlotResult(DateOnly? Date, int Slot, int Rows);

/// <summary>
/// Records each ticker's cumulative volume for the current 5-minute slot into
/// <c>volume_slots</c>, from the newest <c>snapshots:raw</c> entry. Why here and not in
/// Ingest: the raw stream holds only minutes of history, so the day must be recorded as it
/// happens; one read every five minutes from Maintenance keeps Ingest's loop and Redis free
/// of a second per-ticker store. A later reading in the same slot replaces an earlier one
/// (it is nearer the slot's end).
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE volume_slots_staging (symbol text, cumulative_volume bigint) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var copy = await connection.BeginBinaryImportAsync("COPY volume_slots_staging (symbol, cumulative_volume) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < sample.Symbols.Length; i++)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(sample.Symbols[i], NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(sample.Volumes[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        int written;
        await using (var merge = new NpgsqlCommand(
            """
            INSERT INTO volume_slots (date, symbol, slot, cumulative_volume)
            SELECT $1, symbol, $2, cumulative_volume FROM volume_slots_staging
            ON CONFLICT (date, symbol, slot) DO UPDATE SET cumulative_volume = GREATEST(volume_slots.cumulative_volume, EXCLUDED.cumulative_volume)
            """, connection, transaction))
        {
            merge.Parameters.Add(new NpgsqlParameter { Value = sample.Date, NpgsqlDbType = NpgsqlDbType.Date });
            merge.Parameters.Add(new NpgsqlParameter { Value = (short)sample.Slot, NpgsqlDbType = NpgsqlDbType.Smallint });
            written = await merge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new VolumeSlotResult(sample.Date, sample.Slot, written);
    }
}
