namespace Tradeul.Shared.Market;

/// <summary>A <c>snapshots:raw</c> entry that cannot be decoded; <see cref="Reason"/> is the dead-letter reason.</summary>
public sealed class RawSnapshotDecodeException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public const string UnknownVersion = "unknown_version";
    public const string MissingField = "missing_field";
    public const string CorruptData = "corrupt_data";
    public const string RowCountMismatch = "row_count_mismatch";

    public string Reason { get; } = reason;
}
