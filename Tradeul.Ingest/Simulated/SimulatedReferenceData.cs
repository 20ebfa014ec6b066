using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tradeul.Ingest.Cycle;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Ingest.Simulated;

/// <summary>
/// Publishes metadata and RVOL baselines for the simulated tickers, as Maintenance does for
/// real ones from PostgreSQL, so every scanner category works on the simulated market from
/// its first cycle. The baseline is the volume curve the simulator itself trades on.
/// </summary>
public sealed partial class SimulatedReferenceData(IConnectionMultiplexer redis, SimulatedMarket market, ILogger<SimulatedReferenceData> logger) : IIngestStartupTask
{
    private static readonly string[] Exchanges = ["XNAS", "XNYS", "ARCX"];
    private static readonly string[] Sectors = ["Technology", "Healthcare", "Financials", "Energy", "Consumer", "Industrials", "Materials", "Utilities"];

    public Task RunAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    /// <summary>Metadata and per-slot baseline (mean cumulative volume at each slot's end) for every simulated ticker.</summary>
    public static IEnumerable<(TickerMetadata Metadata, double[] Baseline)> Build(SimulatedMarket market)
    {
        foreach (var (symbol, adv, shares, price) in market.Universe())
        {
            var hash = (uint)StringComparer.Ordinal.GetHashCode(symbol) & 0x7FFFFFFF;
            var metadata = new TickerMetadata(
                symbol,
                $"{symbol} Simulated Inc.",
                Exchanges[hash % Exchanges.Length],
                Sectors[hash % Sectors.Length],
                Math.Round((decimal)(shares * price), 2),
                (long)(shares * (0.6 + hash % 35 / 100.0)),
                (long)shares,
                (long)adv);
            var baseline = new double[RvolSlots.Count];
            for (var slot = 0; slot < baseline.Length; slot++)
            {
                baseline[slot] = Math.Round(adv * VolumeCurve.CumulativeAtEndOf(slot));
            }
            yield return (metadata, baseline);
        }
    }

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var written = 0;
        var batch = new List<Task>(2_000);
        foreach (var (metadata, baseline) in Build(market))
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(database.StringSetAsync(RedisKeys.TickerMetadata(metadata.Symbol), JsonSerializer.Serialize(metadata, TickerMetadata.Json)));
            var slots = new HashEntry[baseline.Length];
            for (var slot = 0; slot < slots.Length; slot++)
            {
                slots[slot] = new HashEntry(slot, baseline[slot].ToString(CultureInfo.InvariantCulture));
            }
            batch.Add(database.HashSetAsync(RedisKeys.RvolBaseline(metadata.Symbol), slots));
            written++;
            if (batch.Count >= 2_000)
            {
                await Task.WhenAll(batch).WaitAsync(cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        await Task.WhenAll(batch).WaitAsync(cancellationToken).ConfigureAwait(false);
        LogSeeded(logger, written);
        return written;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded metadata and RVOL baselines for {Tickers} simulated tickers.")]
    private static partial void LogSeeded(ILogger logger, int tickers);
}
