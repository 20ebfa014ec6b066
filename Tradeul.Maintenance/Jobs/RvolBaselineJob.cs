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
/// into <c>rvol:baseline:{SYM}</c>: a slot's mean is taken over the sessions that recorded it
/// (an element of <c>cumulative_volumes</c> other than -1), read from <c>volume_slots</c> and from
/// <c>volume_slots_today</c>, which holds yesterday until today's first reading moves it. With no recorded
/// session yet it writes nothing, so baselines seeded by the simulated market are not wiped.
/// </summary>
public sealed class RvolBaselineJob(IConnectionMultiplexer redis, NpgsqlDataSource database, IOptions<MaintenanceOptions> options, TimeProvider time)
{
    public const string Name = "rvol_baselines";

    /// <summary>Baseline writes pipelined to Redis before waiting for their replies.</summary>
    private const int WritesInFlight = 1_000;

    public async Task<BaselineResult> RunAsync(CancellationToken cancellationToken)
    {
        var today = MarketCalendar.TradingDate(time.GetUtcNow());
        // One row per symbol and session, grouped by symbol: the means are taken here rather than by
        // unnesting 192 elements of every row into a GROUP BY of symbols x slots.
        await using var command = database.CreateCommand(
            """
            WITH recorded AS (
                SELECT date, symbol, cumulative_volumes FROM volume_slots WHERE date < $1
                UNION ALL
                SELECT date, symbol, cumulative_volumes FROM volume_slots_today WHERE date < $1
            ), days AS (
                SELECT DISTINCT date FROM recorded ORDER BY date DESC LIMIT $2
            )
            SELECT symbol, cumulative_volumes, (SELECT count(*) FROM days)
            FROM recorded WHERE date IN (SELECT date FROM days)
            ORDER BY symbol
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = today, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.BaselineDays });

        var redisDb = redis.GetDatabase();
        var writes = new List<Task>();
        var symbols = 0;
        var days = 0;
        string? current = null;
        var sums = new long[RvolSlots.Count];
        var counts = new int[RvolSlots.Count];
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
                    if (writes.Count >= WritesInFlight)
                    {
                        // A market of baselines pipelined at once can outlast Redis's response timeout on a busy host.
                        await Task.WhenAll(writes).WaitAsync(cancellationToken).ConfigureAwait(false);
                        writes.Clear();
                    }
                }
                var volumes = reader.GetFieldValue<long[]>(1);
                for (var slot = 0; slot < Math.Min(volumes.Length, RvolSlots.Count); slot++)
                {
                    if (volumes[slot] >= 0)
                    {
                        sums[slot] += volumes[slot];
                        counts[slot]++;
                    }
                }
                days = (int)reader.GetInt64(2);
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
            for (var slot = 0; slot < RvolSlots.Count; slot++)
            {
                seen[slot] = counts[slot] > 0;
                slots[slot] = seen[slot] ? Math.Round((double)sums[slot] / counts[slot]) : 0;
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
            Array.Clear(sums);
            Array.Clear(counts);
        }
    }
}
