using System.Globalization;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Ingest.Cycle;

/// <summary>
/// The header fields of the newest <c>snapshots:raw</c> entry, which Ingest reads back once at
/// start: where numbering goes on, how many rows the last published snapshot had, and its
/// market time. A field that is missing or unreadable is null (such an entry is not one Ingest
/// wrote; the Scanner dead-letters it).
/// </summary>
/// <param name="AsOfText">The raw <c>asof</c> field, for a log line when <see cref="AsOf"/> is null.</param>
internal sealed record NewestRawSnapshotEntry(string Id, long? Sequence, int? Rows, DateTimeOffset? AsOf, string? AsOfText)
{
    // 9999-12-31: beyond it DateTimeOffset cannot hold the as-of.
    private const long MaxUnixMs = 253_402_300_799_999;

    /// <summary>The newest entry, or null when the stream is empty or absent.</summary>
    public static async Task<NewestRawSnapshotEntry?> ReadAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        var newest = await redis.GetDatabase().StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (newest.Length == 0)
        {
            return null;
        }
        var entry = newest[0];
        var asOfText = (string?)entry[RawSnapshotFormat.AsOfField];
        return new NewestRawSnapshotEntry(
            entry.Id.ToString(),
            long.TryParse((string?)entry[RawSnapshotFormat.SequenceField], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sequence) ? sequence : null,
            int.TryParse((string?)entry[RawSnapshotFormat.RowsField], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows) ? rows : null,
            long.TryParse(asOfText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unixMs) && unixMs is >= 0 and <= MaxUnixMs
                ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs)
                : null,
            asOfText);
    }
}
