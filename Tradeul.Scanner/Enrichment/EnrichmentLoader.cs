using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Scanner.Enrichment;

/// <summary>
/// Reads every metadata and baseline key (SCAN, then pipelined GET/HGETALL) into a new
/// table. A key that does not parse is skipped, counted and logged by name: one bad row
/// must not blind the scanner to the rest.
/// </summary>
public sealed partial class EnrichmentLoader(IConnectionMultiplexer redis, ILogger<EnrichmentLoader> logger)
{
    private const int Batch = 1_000;
    private const string MetadataPrefix = "metadata:ticker:";
    private const string BaselinePrefix = "rvol:baseline:";

    public async Task<(Dictionary<string, TickerEnrichment> Table, int Rejected)> LoadAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var metadata = new Dictionary<string, TickerMetadata>(StringComparer.Ordinal);
        var baselines = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var rejected = 0;

        foreach (var keys in await ScanAsync(MetadataPrefix + "*", cancellationToken).ConfigureAwait(false))
        {
            var values = await database.StringGetAsync(keys).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Length; i++)
            {
                if (values[i].IsNull)
                {
                    continue;
                }
                try
                {
                    var parsed = JsonSerializer.Deserialize<TickerMetadata>((string)values[i]!, TickerMetadata.Json);
                    if (parsed is not null)
                    {
                        metadata[((string)keys[i]!)[MetadataPrefix.Length..]] = parsed;
                    }
                }
                catch (JsonException ex)
                {
                    rejected++;
                    LogRejected(logger, keys[i].ToString(), ex.Message);
                }
            }
        }

        foreach (var keys in await ScanAsync(BaselinePrefix + "*", cancellationToken).ConfigureAwait(false))
        {
            var reads = keys.Select(key => database.HashGetAllAsync(key)).ToArray();
            var hashes = await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Length; i++)
            {
                var baseline = ParseBaseline(hashes[i]);
                if (baseline is null)
                {
                    rejected++;
                    LogRejected(logger, keys[i].ToString(), "slots must be 0..191 with non-negative numbers");
                    continue;
                }
                baselines[((string)keys[i]!)[BaselinePrefix.Length..]] = baseline;
            }
        }

        var table = new Dictionary<string, TickerEnrichment>(StringComparer.Ordinal);
        foreach (var symbol in metadata.Keys.Union(baselines.Keys))
        {
            table[symbol] = new TickerEnrichment(metadata.GetValueOrDefault(symbol), baselines.GetValueOrDefault(symbol));
        }
        return (table, rejected);
    }

    /// <summary>A slot missing from the hash carries the previous slot's value forward (no volume in that slot).</summary>
    internal static double[]? ParseBaseline(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }
        var slots = new double[RvolSlots.Count];
        var seen = new bool[RvolSlots.Count];
        foreach (var entry in entries)
        {
            if (!int.TryParse((string?)entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var slot) || slot >= RvolSlots.Count
                || !double.TryParse((string?)entry.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var volume) || !double.IsFinite(volume) || volume < 0)
            {
                return null;
            }
            slots[slot] = volume;
            seen[slot] = true;
        }
        RvolSlots.FillForward(slots, seen);
        return slots;
    }

    private async Task<List<RedisKey[]>> ScanAsync(string pattern, CancellationToken cancellationToken)
    {
        var batches = new List<RedisKey[]>();
        var current = new List<RedisKey>(Batch);
        await foreach (var key in redis.ScanKeysAsync(pattern, Batch, cancellationToken).ConfigureAwait(false))
        {
            current.Add(key);
            if (current.Count == Batch)
            {
                batches.Add([.. current]);
                current.Clear();
            }
        }
        if (current.Count > 0)
        {
            batches.Add([.. current]);
        }
        return batches;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Key}: {Reason}.")]
    private static partial void LogRejected(ILogger logger, string key, string reason);
}
