namespace Tradeul.Scanner.Enrichment;

/// <summary>
/// A load found no usable <c>metadata:ticker:*</c> key or no usable <c>rvol:baseline:*</c> key.
/// Thrown so the refresh loop counts it as a failure and retries on its backoff: on a fresh
/// start the Scanner can look before Ingest has seeded them or Maintenance has synced them
/// (or between the two), and a table missing a kind never replaces a complete one.
/// </summary>
public sealed class EnrichmentEmptyException(int rejected, int withMetadata = 0, int withBaselines = 0)
    : Exception(withMetadata == 0 && withBaselines == 0
        ? $"Redis holds no usable metadata:ticker:* or rvol:baseline:* key ({rejected} rejected); reference data is not seeded or synced yet."
        : $"Redis holds {withMetadata} usable metadata:ticker:* and {withBaselines} rvol:baseline:* keys ({rejected} rejected); the reference data is only half there yet.")
{
    /// <summary>Keys found but not parsed (each logged by the loader).</summary>
    public int Rejected { get; } = rejected;
}
