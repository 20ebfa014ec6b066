using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Snapshots;
using Tradeul.Shared.Streams;

namespace Tradeul.Scanner.Publishing;

/// <summary>
/// Writes a cycle's output: each category through SnapshotManager (full or delta, its
/// choice), its operations to <c>stream:ranking:deltas</c>, the live hub for the API and
/// SSE, and then <c>scanner:filtered_complete:{SESSION}</c> with a TTL for Maintenance.
/// Categories are written side by side, and each goes live the moment its own save is done,
/// so the first ranking reaches traders without waiting for the other eleven saves, and the
/// filtered-complete document (thousands of rows, for Maintenance only) is encoded after
/// every ranking is live. A category whose save fails keeps its previous state everywhere, and
/// the failure is thrown after the others are written.
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
        // Task.Run: a save's CPU part (diff, encode, compress) runs before its first await, so
        // started in a plain loop the twelve would run one after another on this thread.
        var categories = output.Categories
            .Select(category => Task.Run(() => PublishCategoryAsync(category, result, session, cancellationToken), cancellationToken))
            .ToArray();
        var failures = new List<Exception>();
        try
        {
            await Task.WhenAll(categories).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Every task's outcome is read here (WhenAll observed them all).
            for (var i = 0; i < categories.Length; i++)
            {
                if (categories[i].IsFaulted)
                {
                    failures.AddRange(categories[i].Exception!.InnerExceptions);
                }
                else if (categories[i].IsCanceled)
                {
                    // Canceled from inside (a timeout), not by the cycle: as much a failure as a fault.
                    failures.Add(new TaskCanceledException($"Publishing category '{output.Categories[i].Name}' was canceled.", null, CancellationToken.None));
                }
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // Stopping: the cycle ends cancelled, whatever the categories ended with.
            throw new OperationCanceledException("The Scanner is stopping.", ex, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();

        try
        {
            await redis.GetDatabase().StringSetAsync(RedisKeys.FilteredComplete(session), output.FilteredCompleteJson, options.Value.FilteredCompleteTtl)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failures.Add(ex);
        }
        if (failures.Count > 0)
        {
            throw new AggregateException($"Publishing {failures.Count} outputs of snapshot {result.SnapshotSequence} failed.", failures);
        }
    }

    /// <summary>Save, then live, then the operations stream: the live sequence is always one Redis has.</summary>
    private async Task PublishCategoryAsync(CategoryOutput category, ScanResult result, string session, CancellationToken cancellationToken)
    {
        var saved = await snapshots.SaveAsync(SnapshotName(category.Name), category.SnapshotRows, cancellationToken).ConfigureAwait(false);
        using (var live = ScannerTelemetry.ActivitySource.StartActivity("scanner.live"))
        {
            live?.SetTag("scanner.category", category.Name);
            hub.Publish(category.Name, saved.Sequence, session, result.AsOf, category.Rows, category.OpsJson);
        }
        if (category.Ops.Count > 0)
        {
            await streams.AddAsync(RedisKeys.RankingDeltas,
            [
                new("category", category.Name),
                new("sequence", saved.Sequence),
                new("session", session),
                new("as_of", result.AsOf.ToUnixTimeMilliseconds()),
                new("encoding", RankingOpsPayload.Encoding),
                new("ops", RankingOpsPayload.Compress(category.OpsJson)),
            ], cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
