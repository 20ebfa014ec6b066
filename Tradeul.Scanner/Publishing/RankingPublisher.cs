using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Snapshots;
using Tradeul.Shared.Streams;

namespace Tradeul.Scanner.Publishing;

/// <summary>
/// Writes a cycle's output: each category through SnapshotManager (full or delta, its
/// choice), its operations to <c>stream:ranking:deltas</c>, the live hub for the API and
/// SSE, and <c>scanner:filtered_complete:{SESSION}</c> with a TTL for Maintenance.
/// A category whose save fails keeps its previous state everywhere, and the failure is thrown
/// after the others are written.
/// </summary>
public sealed class RankingPublisher(
    SnapshotManager snapshots,
    StreamManager streams,
    IConnectionMultiplexer redis,
    RankingHub hub,
    IOptions<ScannerOptions> options)
{
    public static string SnapshotName(string category) => $"ranking:{category}";

    public async Task PublishAsync(ScanOutput output, CancellationToken cancellationToken)
    {
        var result = output.Result;
        var session = result.Session.ToKey();
        var saves = output.Categories
            .Select(c => snapshots.SaveAsync(SnapshotName(c.Name), c.SnapshotRows, cancellationToken))
            .ToArray();
        var deltaWrites = new List<Task>();
        var failures = new List<Exception>();
        for (var i = 0; i < saves.Length; i++)
        {
            var category = output.Categories[i];
            SnapshotSaveResult saved;
            try
            {
                saved = await saves[i].ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(ex);
                continue;
            }
            if (category.Ops.Count > 0)
            {
                deltaWrites.Add(streams.AddAsync(RedisKeys.RankingDeltas,
                [
                    new("category", category.Name),
                    new("sequence", saved.Sequence),
                    new("session", session),
                    new("as_of", result.AsOf.ToUnixTimeMilliseconds()),
                    new("encoding", RankingOpsPayload.Encoding),
                    new("ops", RankingOpsPayload.Compress(category.OpsJson)),
                ], cancellationToken: cancellationToken));
            }
            hub.Publish(category.Name, saved.Sequence, session, result.AsOf, category.Rows, category.Ops);
        }

        deltaWrites.Add(redis.GetDatabase().StringSetAsync(
            RedisKeys.FilteredComplete(session), output.FilteredCompleteJson, options.Value.FilteredCompleteTtl));
        try
        {
            await Task.WhenAll(deltaWrites).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failures.AddRange(deltaWrites.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException()));
        }
        if (failures.Count > 0)
        {
            throw new AggregateException($"Publishing {failures.Count} outputs of snapshot {result.SnapshotSequence} failed.", failures);
        }
    }
}
