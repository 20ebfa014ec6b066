namespace Tradeul.Shared.Market;

/// <summary>
/// Layout of one <c>snapshots:raw</c> entry. Fields: <c>v</c> (format version), <c>seq</c>,
/// <c>asof</c> (Unix ms), <c>rows</c>, <c>data</c> (Brotli-compressed columns), and the W3C
/// <c>traceparent</c>/<c>tracestate</c> of the Ingest cycle that wrote it.
/// </summary>
public static class RawSnapshotFormat
{
    public const int Version = 1;

    public const string VersionField = "v";
    public const string SequenceField = "seq";
    public const string AsOfField = "asof";
    public const string RowsField = "rows";
    public const string DataField = "data";
    public const string TraceParentField = "traceparent";
    public const string TraceStateField = "tracestate";

    /// <summary>Prices travel as integers of 1/10,000 dollar: exact for US equity ticks, and small varints.</summary>
    public const double PriceScale = 10_000;

    /// <summary>The most rows one entry may claim; a larger claim is corruption, not a market.</summary>
    public const int MaxRows = 200_000;

    /// <summary>Brotli quality: 1 keeps encoding around a few milliseconds for 12,000 tickers.</summary>
    public const int CompressionQuality = 1;
}
