namespace Tradeul.Ingest.Splits;

/// <summary>Where Ingest learns the day's splits: Polygon's reference data, or the simulated market's own.</summary>
public interface ISplitSource
{
    /// <summary>"polygon" or "simulated": reported in <c>/api/ingest/stats</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Every split whose execution date (ex-date, America/New_York) is <paramref name="executionDate"/>,
    /// records passed on as the source has them. Throws when the listing cannot be had
    /// (transport failure, refusal, a body of the wrong shape); the caller counts that and retries later.
    /// </summary>
    Task<IReadOnlyList<Split>> SplitsOnAsync(DateOnly executionDate, CancellationToken cancellationToken);
}
