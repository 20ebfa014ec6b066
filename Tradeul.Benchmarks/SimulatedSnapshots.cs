using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Simulated;
using Tradeul.Ingest.Validation;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Benchmarks;

/// <summary>
/// The simulated market as the Scanner receives it: every <see cref="Next"/> moves its clock 5 s
/// (the Ingest interval), validates the snapshot and encodes it as a <c>snapshots:raw</c> entry's data.
/// </summary>
internal sealed class SimulatedSnapshots
{
    private readonly FakeTimeProvider _time;
    private readonly SimulatedMarket _market;
    private readonly RawSnapshotEncoder _encoder = new();
    private long _sequence;

    /// <param name="start">New York time of the market's clock before the first <see cref="Next"/>.</param>
    public SimulatedSnapshots(int tickers, DateTimeOffset start)
    {
        _time = new FakeTimeProvider(start);
        _market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = tickers, StartTime = start, SpeedFactor = 1 }), _time);
        Enrichment = SimulatedReferenceData.Build(_market)
            .ToFrozenDictionary(x => x.Metadata.Symbol, x => new TickerEnrichment(x.Metadata, x.Baseline), StringComparer.Ordinal);
    }

    /// <summary>Metadata and RVOL baselines as Maintenance would publish them for these tickers.</summary>
    public FrozenDictionary<string, TickerEnrichment> Enrichment { get; }

    /// <summary>The snapshot 5 simulated seconds after the last, encoded.</summary>
    public (long Sequence, long AsOfUnixMs, int Rows, byte[] Data) Next()
    {
        _time.Advance(TimeSpan.FromSeconds(5));
        var snapshot = _market.FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
        var accepted = ValidationResult.Of(snapshot.Quotes, MarketCalendar.SessionAt(snapshot.AsOf), snapshot.Dropped).Accepted;
        return (++_sequence, snapshot.AsOf.ToUnixTimeMilliseconds(), accepted.Length, _encoder.Encode(accepted, snapshot.AsOf));
    }
}
