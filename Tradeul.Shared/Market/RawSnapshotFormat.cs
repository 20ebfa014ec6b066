namespace Tradeul.Shared.Market;

/// <summary>
/// Layout of one <c>snapshots:raw</c> entry. Fields: <c>v</c> (format version), <c>seq</c>,
/// <c>asof</c> (Unix ms), <c>rows</c>, <c>data</c> (Brotli-compressed columns), and the W3C
/// <c>traceparent</c>/<c>tracestate</c> of the Ingest cycle that wrote it.
/// </summary>
public static class RawSnapshotFormat
{
    /// <summary>
    /// The version Ingest writes. 2 added two columns after the update times: each row's
    /// <see cref="QuoteFlags"/> and its split ratio. Version 1 entries (without them) are still
    /// read, as they may sit in the stream after an upgrade.
    /// </summary>
    public const int Version = 2;

    /// <summary>The oldest version the decoder still reads.</summary>
    public const int OldestReadableVersion = 1;

    public static bool IsReadable(int version) => version is >= OldestReadableVersion and <= Version;

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
