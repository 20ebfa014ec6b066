using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.HotPath;

[Collection(RealServersCollection.Name)]
public sealed class HotPathTests(ITestOutputHelper output)
{
    /// <summary>A Tuesday, 04:30 New York time (EST).</summary>
    private static readonly DateTimeOffset EarlyPreMarket = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(4, 30));

    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));

    [Fact]
    public async Task A_simulated_day_of_12000_tickers_fills_every_category()
    {
        await using var platform = await HotPathHarness.StartAsync(output, EarlyPreMarket);
        var hub = platform.ScannerServices.GetRequiredService<RankingHub>();
        var filled = new Dictionary<string, (int Rows, string Session)>();

        // Every 20 market minutes from 04:50 to 19:50: pre-market, the regular session, post-market.
        for (var cycle = 0; cycle < 46; cycle++)
        {
            await platform.CycleAsync(TimeSpan.FromMinutes(20));
            foreach (var category in ScanCategories.All)
            {
                var rows = hub.Current(category.Name)!.Rows!.Length;
                if (rows > 0 && !filled.ContainsKey(category.Name))
                {
                    filled[category.Name] = (rows, hub.Current(category.Name)!.Session);
                }
            }
        }

        foreach (var (name, (rows, session)) in filled)
        {
            output.WriteLine($"{name}: first filled in {session} with {rows} rows");
        }
        Assert.Equal(ScanCategories.All.Select(c => c.Name).Order(), filled.Keys.Order());
        var stats = platform.Stats;
        Assert.Equal(46, stats.Cycles);
        Assert.Equal(12_000, stats.TickersIn);
        Assert.Equal("POST_MARKET", stats.Session);
        // Maintenance reads these; they carry a TTL so a dead scanner leaves nothing stale behind.
        Assert.True(await platform.Database.KeyExistsAsync(RedisKeys.FilteredComplete("POST_MARKET")));
        var ttl = await platform.Database.KeyTimeToLiveAsync(RedisKeys.FilteredComplete("POST_MARKET"));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_stream_of_a_category_rebuilds_exactly_what_the_api_returns()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));

        using var stream = await platform.Http.GetStreamAsync("/api/categories/new_highs/stream");
        using var reader = new StreamReader(stream);
        var full = await ReadEventAsync(reader);
        Assert.Equal("full", full.Event);
        var sequence = full.Data.GetProperty("sequence").GetInt64();
        var rows = full.Data.GetProperty("rows").EnumerateArray().Select(StripRank).ToList();
        Assert.NotEmpty(rows);

        for (var i = 0; i < 6; i++)
        {
            await platform.CycleAsync(TimeSpan.FromMinutes(3));
            var delta = await ReadEventAsync(reader);
            Assert.Equal("delta", delta.Event);
            Assert.Equal(sequence + 1, delta.Data.GetProperty("sequence").GetInt64());
            sequence++;
            rows = ApplyOps(rows, delta.Data.GetProperty("ops"));
        }

        using var document = JsonDocument.Parse(await platform.Http.GetStringAsync("/api/categories/new_highs"));
        Assert.Equal(sequence, document.RootElement.GetProperty("sequence").GetInt64());
        var served = document.RootElement.GetProperty("rows").EnumerateArray().Select(StripRank).ToList();
        Assert.Equal(served, rows);

        // The same operations are kept in stream:ranking:deltas as Brotli-compressed JSON.
        var kept = (await platform.Database.StreamRangeAsync(RedisKeys.RankingDeltas, "-", "+")).Last(e => (string?)e["category"] == "new_highs");
        Assert.Equal(RankingOpsPayload.Encoding, (string?)kept["encoding"]);
        Assert.InRange((long)kept["sequence"], 2, sequence);
        using var keptOps = JsonDocument.Parse(RankingOpsPayload.Decompress((byte[])kept["ops"]!));
        Assert.NotEmpty(keptOps.RootElement.EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Http.GetAsync("/api/categories/no_such_thing")).StatusCode);
    }

    [Fact]
    public async Task Older_waiting_snapshots_are_acknowledged_as_stale_and_only_the_newest_is_scanned()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 500);
        long newest = 0;
        for (var i = 0; i < 3; i++)
        {
            platform.Time.Advance(TimeSpan.FromSeconds(5));
            newest = await platform.Ingest.RunOnceAsync(CancellationToken.None);
        }

        Assert.True(await platform.Scanner.RunOnceAsync(CancellationToken.None));

        var stats = platform.Stats;
        Assert.Equal(2, stats.StaleSkipped);
        Assert.Equal(1, stats.Cycles);
        Assert.Equal(newest, stats.LastSnapshotSequence);
        Assert.Equal(0, (await platform.Database.StreamPendingAsync(RedisKeys.RawSnapshots, "scanner")).PendingMessageCount);
        Assert.False(await platform.Scanner.RunOnceAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("corrupt_data")]
    [InlineData("unknown_version")]
    [InlineData("row_count_mismatch")]
    [InlineData("missing_field")]
    public async Task An_undecodable_entry_is_dead_lettered_with_its_reason_and_the_next_good_one_is_scanned(string reason)
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 500);
        platform.Time.Advance(TimeSpan.FromSeconds(5));
        await platform.Ingest.RunOnceAsync(CancellationToken.None);
        var good = (await platform.Database.StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+"))[^1];
        var fields = good.Values.ToDictionary(v => (string)v.Name!, v => v.Value);
        switch (reason)
        {
            case "corrupt_data": fields[RawSnapshotFormat.DataField] = new byte[] { 1, 2, 3, 4, 5, 6, 7 }; break;
            case "unknown_version": fields[RawSnapshotFormat.VersionField] = 99; break;
            case "row_count_mismatch": fields[RawSnapshotFormat.RowsField] = (long)fields[RawSnapshotFormat.RowsField] + 1; break;
            case "missing_field": fields.Remove(RawSnapshotFormat.AsOfField); break;
        }
        var badId = await platform.Database.StreamAddAsync(RedisKeys.RawSnapshots, fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray());

        Assert.True(await platform.Scanner.RunOnceAsync(CancellationToken.None));

        var letters = await platform.Database.StreamRangeAsync(RedisKeys.DeadLetter, "-", "+");
        var letter = Assert.Single(letters);
        Assert.Equal(reason, (string?)letter["reason"]);
        Assert.Equal(badId, letter["source_id"]);
        Assert.Equal(1, platform.Stats.DeadLettered);
        Assert.Equal(0, (await platform.Database.StreamPendingAsync(RedisKeys.RawSnapshots, "scanner")).PendingMessageCount);

        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, platform.Stats.Cycles);
        Assert.Equal(500, platform.Stats.TickersIn);
    }

    [Fact]
    public async Task Entries_left_pending_by_a_consumer_that_died_are_claimed_by_another()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 500,
            scannerSettings: [new("Scanner:ClaimMinIdle", "00:00:00.001")]);
        platform.Time.Advance(TimeSpan.FromSeconds(5));
        var sequence = await platform.Ingest.RunOnceAsync(CancellationToken.None);
        // A consumer takes the entry and dies before acknowledging it.
        var taken = await platform.Database.StreamReadGroupAsync(RedisKeys.RawSnapshots, "scanner", "scanner-that-died", ">", 10);
        Assert.Single(taken);
        // Redis measures idle time on its own clock; give it more than ClaimMinIdle.
        await Task.Delay(20);

        // The claim pass runs at the scanner's first read after start and every ClaimInterval.
        platform.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await platform.Scanner.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, platform.Stats.Claimed);
        Assert.Equal(sequence, platform.Stats.LastSnapshotSequence);
        var pending = await platform.Database.StreamPendingAsync(RedisKeys.RawSnapshots, "scanner");
        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task The_scanner_cycle_span_links_to_the_ingest_cycle_that_produced_its_snapshot()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name is "Tradeul.Ingest" or "Tradeul.Scanner",
            Sample = static (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 200);

        await platform.CycleAsync(TimeSpan.FromSeconds(5));

        System.Diagnostics.Activity ingest, scan;
        lock (spans)
        {
            ingest = spans.Last(s => s.OperationName == "ingest.cycle");
            scan = spans.Last(s => s.OperationName == "scanner.cycle");
        }
        var link = Assert.Single(scan.Links);
        Assert.Equal(ingest.TraceId, link.Context.TraceId);
        Assert.Equal(ingest.SpanId, link.Context.SpanId);
        Assert.Contains(spans, s => s.OperationName == "scanner.compute" && s.ParentSpanId == scan.SpanId);
        Assert.Contains(spans, s => s.OperationName == "scanner.publish" && s.ParentSpanId == scan.SpanId);
    }

    private static string StripRank(JsonElement row)
    {
        var copy = row.EnumerateObject().Where(p => p.Name != "rank").ToDictionary(p => p.Name, p => p.Value.Clone());
        return JsonSerializer.Serialize(copy);
    }

    /// <summary>An update's fields replace the same properties of the row; the others stay.</summary>
    private static string Merge(string row, JsonElement fields)
    {
        var merged = JsonDocument.Parse(row).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        foreach (var field in fields.EnumerateObject())
        {
            Assert.True(merged.ContainsKey(field.Name), $"update names an unknown field {field.Name}");
            merged[field.Name] = field.Value.Clone();
        }
        return JsonSerializer.Serialize(merged);
    }

    /// <summary>The client's rebuild rule, written against the JSON alone.</summary>
    private static List<string> ApplyOps(List<string> previous, JsonElement ops)
    {
        string SymbolOf(string row) => JsonDocument.Parse(row).RootElement.GetProperty("symbol").GetString()!;
        var rows = previous.ToList();
        var placed = new Dictionary<int, string>();
        var moved = new HashSet<string>();
        foreach (var op in ops.EnumerateArray())
        {
            var symbol = op.GetProperty("symbol").GetString()!;
            switch (op.GetProperty("op").GetString())
            {
                case "remove":
                    rows.RemoveAll(r => SymbolOf(r) == symbol);
                    break;
                case "update":
                    var index = rows.FindIndex(r => SymbolOf(r) == symbol);
                    rows[index] = Merge(rows[index], op.GetProperty("fields"));
                    break;
                case "add":
                    placed[op.GetProperty("rank").GetInt32() - 1] = StripRank(op.GetProperty("row"));
                    break;
                case "rerank":
                    moved.Add(symbol);
                    placed[op.GetProperty("rank").GetInt32() - 1] = symbol;
                    break;
            }
        }
        var bySymbol = rows.ToDictionary(SymbolOf);
        var result = new string[rows.Count - moved.Count + placed.Count];
        foreach (var (slot, value) in placed)
        {
            result[slot] = moved.Contains(value) ? bySymbol[value] : value;
        }
        var next = 0;
        foreach (var row in rows.Where(r => !moved.Contains(SymbolOf(r))))
        {
            while (placed.ContainsKey(next))
            {
                next++;
            }
            result[next++] = row;
        }
        return [.. result];
    }

    private static async Task<(string Event, JsonElement Data)> ReadEventAsync(StreamReader reader)
    {
        string? name = null;
        string? data = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && name is not null && data is not null)
            {
                return (name, JsonDocument.Parse(data).RootElement.Clone());
            }
        }
    }
}
