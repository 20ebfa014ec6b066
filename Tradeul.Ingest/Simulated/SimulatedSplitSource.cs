using Tradeul.Ingest.Splits;

namespace Tradeul.Ingest.Simulated;

/// <summary>The simulated market's split calendar: the splits it plays, as Polygon's reference data would list them.</summary>
public sealed class SimulatedSplitSource(SimulatedMarket market) : ISplitSource
{
    public string Name => market.Name;

    /// <exception cref="InvalidOperationException">When the market has not reached <paramref name="executionDate"/>.</exception>
    public Task<IReadOnlyList<Split>> SplitsOnAsync(DateOnly executionDate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(market.SplitsOn(executionDate));
    }
}
