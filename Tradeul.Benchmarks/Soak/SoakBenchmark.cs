using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Telemetry;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Benchmarks.Soak;

/// <summary>
/// A simulated trading day (04:00 onwards) played twice side by side, on two real Redis
/// servers and a real PostgreSQL: "managed" is the platform as built; "unmanaged" writes
/// the same data the way the system did before the stream and snapshot managers. Samples
/// Redis memory and stream lengths, draws both memory curves, prints one JSON object last.
/// </summary>
internal static class SoakBenchmark
{
    private static readonly string[] Streams = [RedisKeys.RawSnapshots, RedisKeys.RankingDeltas, RedisKeys.DeadLetter];

    public static async Task<int> RunAsync(CommandLine options)
    {
        var tickers = options.Int("tickers", 12_000);
        var hours = options.Int("hours", 16);
        // Ingest's production interval: stream bounds are reached as fast as in production.
        var cycleSeconds = options.Int("cycle-seconds", 5);
        var chartPath = Path.GetFullPath($"soak-{tickers}-{hours}h.png");
        var start = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(4, 0));
        var clock = Stopwatch.StartNew();

        Console.Error.WriteLine($"soak: starting two redis-servers and PostgreSQL...");
        await using var managedRedis = await RedisServer.CreateAsync("--maxmemory", "4gb", "--maxmemory-policy", "noeviction");
        await using var unmanagedRedis = await RedisServer.CreateAsync("--maxmemory", "16gb", "--maxmemory-policy", "noeviction");
        await using var postgres = await PostgresServer.CreateAsync();
        var time = new FakeTimeProvider(start.ToUniversalTime());

        var storedBytes = new Dictionary<string, List<long>>(StringComparer.Ordinal) { ["full"] = [], ["delta"] = [] };
        using var listener = ListenToSnapshotSaves(storedBytes);

        Console.Error.WriteLine($"soak: seeding {tickers} tickers' reference data...");
        await using var managed = await ManagedPlatform.CreateAsync(managedRedis.ConnectionString, postgres.ConnectionString(), time, start, tickers);
        // One admin connection per server (INFO is an admin command); each is a separate primary.
        using var managedAdmin = await ConnectionMultiplexer.ConnectAsync($"{managedRedis.ConnectionString},allowAdmin=true");
        using var unmanagedAdmin = await ConnectionMultiplexer.ConnectAsync($"{unmanagedRedis.ConnectionString},allowAdmin=true");
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = tickers, StartTime = start }), time);
        var enrichment = SimulatedReferenceData.Build(market).ToDictionary(x => x.Metadata.Symbol, x => new TickerEnrichment(x.Metadata, x.Baseline), StringComparer.Ordinal);
        var unmanaged = new UnmanagedPipeline(unmanagedAdmin.GetDatabase(), System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(enrichment, StringComparer.Ordinal));
        var managedDb = managedAdmin.GetDatabase();

        var samples = new List<Sample>();
        var cycles = hours * 3600 / cycleSeconds;
        var cyclesPerSample = Math.Max(1, 900 / cycleSeconds);
        var cyclesPerHour = 3600 / cycleSeconds;
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            time.Advance(TimeSpan.FromSeconds(cycleSeconds));
            await managed.Ingest.RunOnceAsync(CancellationToken.None);
            var newest = (await managedDb.StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+", 1, Order.Descending))[0];
            await managed.Scanner.RunOnceAsync(CancellationToken.None);
            await unmanaged.ProcessAsync(newest);

            if (cycle % cyclesPerHour == 0)
            {
                await managed.PersistAsync();
                await managed.RetainAsync();
            }
            if (cycle % cyclesPerSample == 0)
            {
                samples.Add(await SampleAsync(managedAdmin, unmanagedAdmin, cycle * cycleSeconds / 3600.0));
            }
            if (cycle % cyclesPerHour == 0)
            {
                var last = samples[^1];
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"soak: {cycle / cyclesPerHour}/{hours} simulated hours in {clock.Elapsed.TotalSeconds:F0} s; used_memory managed {last.ManagedMb:F1} MB, unmanaged {last.UnmanagedMb:F1} MB"));
            }
        }

        var scanRows = await CountAsync(postgres.ConnectionString(), "SELECT count(*) FROM scan_results");
        var managedReport = Report(samples, s => s.ManagedMb, s => s.ManagedStreams, storedBytes["full"], storedBytes["delta"], scanRows);
        managedReport["memory_by_key_mb_end"] = await MemoryByKeyGroupAsync(managedAdmin);
        var unmanagedReport = Report(samples, s => s.UnmanagedMb, s => s.UnmanagedStreams, unmanaged.FullSnapshotBytes, [], scanRows);
        SoakChart.Write(chartPath,
            samples.Select(s => (s.Hour, s.ManagedMb)).ToList(),
            samples.Select(s => (s.Hour, s.UnmanagedMb)).ToList(), goalMb: 150);
        Console.Error.WriteLine($"soak: done in {clock.Elapsed.TotalSeconds:F0} s; chart {chartPath}");

        var report = new Dictionary<string, object?>
        {
            ["scenario"] = "soak",
            ["simulated_hours"] = hours,
            ["tickers"] = tickers,
            ["cycle_seconds"] = cycleSeconds,
            ["managed"] = managedReport,
            ["unmanaged"] = unmanagedReport,
            ["memory_ratio_unmanaged_over_managed"] = Math.Round(samples[^1].UnmanagedMb / samples[^1].ManagedMb, 2),
            ["chart"] = chartPath,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private sealed record Sample(double Hour, double ManagedMb, double UnmanagedMb, Dictionary<string, long> ManagedStreams, Dictionary<string, long> UnmanagedStreams);

    private static async Task<Sample> SampleAsync(ConnectionMultiplexer managed, ConnectionMultiplexer unmanaged, double hour)
    {
        var (managedMb, managedStreams) = await ReadAsync(managed);
        var (unmanagedMb, unmanagedStreams) = await ReadAsync(unmanaged);
        return new Sample(hour, managedMb, unmanagedMb, managedStreams, unmanagedStreams);
    }

    private static async Task<(double Mb, Dictionary<string, long> Streams)> ReadAsync(ConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        var info = (await server.InfoAsync("memory")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var streams = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stream in Streams)
        {
            streams[stream] = await database.StreamLengthAsync(stream);
        }
        long deltas = 0;
        await foreach (var key in redis.ScanKeysAsync(RedisKeys.SnapshotDeltasPattern))
        {
            if (await database.KeyTypeAsync(key) == RedisType.Stream)
            {
                deltas = Math.Max(deltas, await database.StreamLengthAsync(key));
            }
        }
        streams[RedisKeys.SnapshotDeltasPattern] = deltas;
        return (long.Parse(info["used_memory"], CultureInfo.InvariantCulture) / 1024.0 / 1024.0, streams);
    }

    /// <summary>MEMORY USAGE summed by key family at the end: where the managed memory goes.</summary>
    private static async Task<SortedDictionary<string, double>> MemoryByKeyGroupAsync(ConnectionMultiplexer redis)
    {
        var database = redis.GetDatabase();
        var bytes = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var batch = new List<(string Group, Task<RedisResult> Usage)>();
        async Task DrainAsync()
        {
            foreach (var (group, usage) in batch)
            {
                bytes[group] = bytes.GetValueOrDefault(group) + (long)await usage;
            }
            batch.Clear();
        }
        await foreach (var key in redis.ScanKeysAsync("*"))
        {
            var name = (string)key!;
            var group = name switch
            {
                _ when name.StartsWith("metadata:ticker:", StringComparison.Ordinal) => "metadata:ticker:*",
                _ when name.StartsWith("rvol:baseline:", StringComparison.Ordinal) => "rvol:baseline:*",
                _ when name.StartsWith("snapshot:", StringComparison.Ordinal) && name.EndsWith(":full", StringComparison.Ordinal) => "snapshot:*:full",
                _ when name.StartsWith("snapshot:", StringComparison.Ordinal) && name.EndsWith(":deltas", StringComparison.Ordinal) => RedisKeys.SnapshotDeltasPattern,
                _ => name,
            };
            batch.Add((group, database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0")));
            if (batch.Count == 1_000)
            {
                await DrainAsync();
            }
        }
        await DrainAsync();
        foreach (var group in bytes.Keys.ToList())
        {
            bytes[group] = Math.Round(bytes[group] / 1024 / 1024, 2);
        }
        return bytes;
    }

    private static Dictionary<string, object?> Report(List<Sample> samples, Func<Sample, double> mb, Func<Sample, Dictionary<string, long>> streams,
        List<long> fullBytes, List<long> deltaBytes, long scanRows)
    {
        var afterFirstHour = samples.Where(s => s.Hour >= 1).ToList();
        var maxLengths = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            foreach (var (name, length) in streams(sample))
            {
                maxLengths[name] = Math.Max(maxLengths.GetValueOrDefault(name), length);
            }
        }
        return new Dictionary<string, object?>
        {
            ["redis_used_memory_mb_max"] = Math.Round(samples.Max(mb), 1),
            ["redis_used_memory_mb_end"] = Math.Round(mb(samples[^1]), 1),
            ["growth_mb_per_hour_after_first_hour"] = Math.Round(LeastSquares.Slope(afterFirstHour.Select(s => (s.Hour, mb(s))).ToList()), 3),
            ["max_stream_len"] = maxLengths,
            ["full_snapshot_bytes_p50"] = Median(fullBytes),
            ["delta_bytes_p50"] = Median(deltaBytes),
            ["scan_results_rows"] = scanRows,
        };
    }

    private static long? Median(List<long> values) => values.Count == 0 ? null : values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// Stored bytes of every save of a non-empty snapshot, by kind, from the <c>snapshot.save</c>
    /// spans. Categories with no ticker (post_market outside its session, reversals before the open) save a few
    /// dozen bytes each and would otherwise make the medians describe nothing.
    /// </summary>
    private static ActivityListener ListenToSnapshotSaves(Dictionary<string, List<long>> storedBytes)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TradeulTelemetry.SnapshotsActivitySource,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "snapshot.save"
                    && activity.GetTagItem("snapshot.kind") is string kind
                    && activity.GetTagItem("snapshot.rows") is int and > 0
                    && activity.GetTagItem("snapshot.stored_bytes") is int bytes
                    && storedBytes.TryGetValue(kind, out var list))
                {
                    lock (list)
                    {
                        list.Add(bytes);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
