namespace Tradeul.Scanner.Enrichment;

/// <summary>
/// A load found no usable <c>metadata:ticker:*</c> and no <c>rvol:baseline:*</c> key. Thrown so
/// the refresh loop counts it as a failure and retries on its backoff: on a fresh start the
/// Scanner can look before Ingest has seeded them or Maintenance has synced them, and an empty
/// table is never swapped in over the last good one.
/// </summary>
public sealed class EnrichmentEmptyException(int rejected)
    : Exception($"Redis holds no usable metadata:ticker:* or rvol:baseline:* key ({rejected} rejected); reference data is not seeded or synced yet.")
{
    /// <summary>Keys found but not parsed (each logged by the loader).</summary>
    public int Rejected { get; } = rejected;
}
