using System.Collections.Frozen;
using System.Text.Json;
using StackExchange.Redis;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Scanner.Publishing;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Benchmarks.Soak;

/// <summary>
/// The same day as the system behaved before StreamManager and SnapshotManager: every XADD
/// without MAXLEN, and every category ranking stored as a whole JSON document each cycle.
/// It computes exactly what the managed scanner computes, from the same raw entries.
/// </summary>
internal sealed class UnmanagedPipeline(IDatabase redis, FrozenDictionary<string, TickerEnrichment> enrichment)
{
    private readonly RawSnapshotDecoder _decoder = new();
    private readonly ScanEngine _engine = new(new ScanThresholds(), topN: 100, filteredRows: 500);
    private readonly RankingHub _hub = new();
    private ScanOutputEncoder? _encoder;

    /// <summary>Sizes of the non-empty category documents, as the managed side counts them.</summary>
    public List<long> FullSnapshotBytes { get; } = [];

    public async Task ProcessAsync(StreamEntry entry)
    {
        await redis.StreamAddAsync(RedisKeys.RawSnapshots, entry.Values);
        var snapshot = _decoder.Decode((int)entry[RawSnapshotFormat.VersionField], (long)entry[RawSnapshotFormat.SequenceField],
            (long)entry[RawSnapshotFormat.AsOfField], (int)entry[RawSnapshotFormat.RowsField], (byte[])entry[RawSnapshotFormat.DataField]!);
        var result = _engine.Scan(snapshot, enrichment);
        if (result.Session == MarketSession.Closed)
        {
            return;
        }
        _encoder ??= new ScanOutputEncoder(_hub);
        var output = _encoder.Encode(result);
        var session = result.Session.ToKey();
        var writes = new List<Task>();
        foreach (var category in output.Categories)
        {
            var full = ScannerJson(category);
            if (category.Rows.Length > 0)
            {
                FullSnapshotBytes.Add(full.Length);
            }
            writes.Add(redis.StringSetAsync(RedisKeys.SnapshotFull("ranking:" + category.Name), full));
            if (category.Ops.Count > 0)
            {
                writes.Add(redis.StreamAddAsync(RedisKeys.RankingDeltas, [new("category", category.Name), new("session", session), new("ops", category.OpsJson)]));
            }
            _hub.Publish(category.Name, snapshot.Sequence, session, result.AsOf, category.Rows, category.OpsJson);
        }
        writes.Add(redis.StringSetAsync(RedisKeys.FilteredComplete(session), output.FilteredCompleteJson, TimeSpan.FromSeconds(60)));
        await Task.WhenAll(writes);
    }

    private static byte[] ScannerJson(CategoryOutput category) =>
        JsonSerializer.SerializeToUtf8Bytes(category.SnapshotRows.Select(r => JsonDocument.Parse(r.Value).RootElement).ToArray());
}
