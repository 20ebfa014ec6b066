using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Benchmarks.DbWeek;

/// <summary>
/// What the hot path leaves in Redis for Maintenance, at production rates, without running Ingest and the Scanner
/// (a month of them would take hours on a shared machine and adds nothing to what the database stores): a
/// <c>snapshots:raw</c> entry of every ticker whenever asked (cumulative volume = the ticker's average daily volume
/// from the simulated market's universe x the intraday volume curve x a log-normal activity of the day), and per
/// hour a <c>scanner:filtered_complete:{session}</c> of the session's top rows (100 tickers drawn per hour, as
/// ranked lists churn).
/// </summary>
internal sealed class ColdPathFeed
{
    private readonly IDatabase _redis;
    private readonly (string Symbol, double AverageDailyVolume, double Price)[] _universe;
    private readonly double[] _activity;
    private readonly RawSnapshotEncoder _encoder = new();
    private readonly MarketQuote[] _quotes;
    private long _sequence;

    public ColdPathFeed(IDatabase redis, int tickers)
    {
        _redis = redis;
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = tickers }), new FakeTimeProvider());
        _universe = [.. market.Universe().Select(t => (t.Symbol, t.AverageDailyVolume, t.ReferencePrice))];
        _activity = new double[tickers];
        _quotes = new MarketQuote[tickers];
    }

    public void StartDay(DateOnly date)
    {
        var random = new SplitMix((ulong)date.DayNumber);
        for (var i = 0; i < _activity.Length; i++)
        {
            // Log-normal around 1: most tickers trade near their average, a few several times it.
            _activity[i] = Math.Exp(0.5 * random.NextNormal() - 0.125);
        }
    }

    /// <summary>One snapshot of every ticker as of <paramref name="asOf"/> (a trading day's extended session), added to <c>snapshots:raw</c>.</summary>
    public async Task AddSnapshotAsync(DateTimeOffset asOf)
    {
        var fraction = VolumeCurve.CumulativeFraction(RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(asOf)));
        var unixMs = asOf.ToUnixTimeMilliseconds();
        for (var i = 0; i < _quotes.Length; i++)
        {
            var (symbol, averageDailyVolume, price) = _universe[i];
            var volume = (long)(averageDailyVolume * _activity[i] * fraction);
            _quotes[i] = new MarketQuote(symbol, price, price, price, price, price, price, volume, price, volume, unixMs, price - 0.01, price + 0.01);
        }
        var data = _encoder.Encode(_quotes, asOf);
        // Trimmed as Ingest's stream is: only the newest entry is ever read here.
        await _redis.StreamAddAsync(RedisKeys.RawSnapshots,
        [
            new(RawSnapshotFormat.VersionField, RawSnapshotFormat.Version),
            new(RawSnapshotFormat.SequenceField, ++_sequence),
            new(RawSnapshotFormat.AsOfField, unixMs),
            new(RawSnapshotFormat.RowsField, _quotes.Length),
            new(RawSnapshotFormat.DataField, data),
        ], maxLength: 10, useApproximateMaxLength: true);
    }

    /// <summary>The session's top <paramref name="rows"/> rows as the Scanner caches them, for the hourly persistence.</summary>
    public async Task CacheTopRowsAsync(DateTimeOffset asOf, MarketSession session, int rows)
    {
        var random = new SplitMix((ulong)asOf.ToUnixTimeSeconds());
        var picked = new HashSet<int>();
        while (picked.Count < Math.Min(rows, _universe.Length))
        {
            picked.Add((int)(random.NextUInt64() % (ulong)_universe.Length));
        }
        var rank = 0;
        var document = new Dictionary<string, object>
        {
            ["as_of"] = asOf.ToUnixTimeMilliseconds(),
            ["snapshot_sequence"] = _sequence,
            ["rows"] = picked.Select(i => new Dictionary<string, object?>
            {
                ["rank"] = ++rank,
                ["symbol"] = _universe[i].Symbol,
                ["price"] = Math.Round((decimal)_universe[i].Price, 4),
                ["change_percent"] = Math.Round(20 - rank * 0.15 + random.NextDouble(), 2),
                ["gap_percent"] = rank % 7 == 0 ? null : Math.Round(5 * random.NextDouble(), 2),
                ["volume"] = (long)(_universe[i].AverageDailyVolume * _activity[i]),
                ["rvol"] = Math.Round(_activity[i] * (1 + random.NextDouble()), 2),
                ["score"] = Math.Round(100 - rank * 0.5 + random.NextDouble(), 3),
                ["categories"] = rank % 3 == 0 ? new[] { "gappers_up", "high_volume" } : ["momentum_up"],
            }).ToList(),
        };
        await _redis.StringSetAsync(RedisKeys.FilteredComplete(session.ToKey()), JsonSerializer.SerializeToUtf8Bytes(document));
    }
}
