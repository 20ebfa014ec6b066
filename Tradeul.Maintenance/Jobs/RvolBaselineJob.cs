using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Maintenance.Jobs;

public sealed record BaselineResult(int Days, int Symbols);

/// <summary>
/// Mean cumulative volume per 5-minute slot over the last N recorded sessions before today,
/// into <c>rvol:baseline:{SYM}</c>. With no recorded session yet it writes nothing, so
/// baselines seeded by the simulated market are not wiped.
/// </summary>
public sealed class RvolBaselineJob(IConnectionMultiplexer redis, NpgsqlDataSource database, IOptions<MaintenanceOptions> options, TimeProvider time)
{
    public const string Name = "rvol_baselines";

    public async Task<BaselineResult> RunAsync(CancellationToken cancellationToken)
    {
        var today = MarketCalendar.TradingDate(time.GetUtcNow());
        await using var command = database.CreateCommand(
            """
            WITH days AS (
                SELECT DISTINCT date FROM volume_slots WHERE date < $1 ORDER BY date DESC LIMIT $2
            )
            SELECT symbol, slot, avg(cumulative_volume)::float8, (SELECT count(*) FROM days)
            FROM volume_slots WHERE date IN (SELECT date FROM days)
            GROUP BY symbol, slot ORDER BY symbol, slot
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = today, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.BaselineDays });

        var redisDb = redis.GetDatabase();
        var writes = new List<Task>();
        var symbols = 0;
        var days = 0;
        string? current = null;
        var slots = new double[RvolSlots.Count];
        var seen = new bool[RvolSlots.Count];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var symbol = reader.GetString(0);
                if (symbol != current)
                {
                    Flush();
                    current = symbol;
                }
                var slot = reader.GetInt16(1);
                if (slot is >= 0 and < RvolSlots.Count)
                {
                    slots[slot] = Math.Round(reader.GetDouble(2));
                    seen[slot] = true;
                }
                days = (int)reader.GetInt64(3);
            }
        }
        Flush();
        await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new BaselineResult(days, symbols);

        void Flush()
        {
            if (current is null)
            {
                return;
            }
            // Every slot is written, so no value from an older baseline survives: a slot with
            // no recording carries the cumulative volume of the slot before it.
            RvolSlots.FillForward(slots, seen);
            var entries = new HashEntry[RvolSlots.Count];
            for (var slot = 0; slot < entries.Length; slot++)
            {
                entries[slot] = new HashEntry(slot, slots[slot].ToString(CultureInfo.InvariantCulture));
            }
            writes.Add(redisDb.HashSetAsync(RedisKeys.RvolBaseline(current), entries));
            symbols++;
            Array.Clear(slots);
            Array.Clear(seen);
        }
    }
}
