using System.IO.Compression;
using System.Text;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.BadInput;

/// <summary>
/// Seeded malformed <c>snapshots:raw</c> entries, each scanned on its own by the real Scanner
/// on a real Redis, with good snapshots from the real Ingest in between: every bad entry is
/// dead-lettered with a reason and its id, the cycle never throws, and the good ones are scanned.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class RawSnapshotFuzzTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private const int Tickers = 200;
    private const int BadEntries = 300;
    private const long MaxUnixMs = 253_402_300_799_999;

    private static readonly string[] IntegerFields =
        [RawSnapshotFormat.VersionField, RawSnapshotFormat.SequenceField, RawSnapshotFormat.AsOfField, RawSnapshotFormat.RowsField];

    private static readonly string[] RequiredFields = [.. IntegerFields, RawSnapshotFormat.DataField];

    private static readonly string[] AnyReason =
    [
        RawSnapshotDecodeException.CorruptData, RawSnapshotDecodeException.MissingField,
        RawSnapshotDecodeException.RowCountMismatch, RawSnapshotDecodeException.UnknownVersion,
    ];

    [Fact]
    public async Task Three_hundred_malformed_entries_are_each_dead_lettered_with_a_reason_and_the_good_ones_between_them_are_scanned()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: Tickers);
        var database = platform.Database;
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        var template = await NewestFieldsAsync(database);
        var random = new Random(8_675_309);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var mutations = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < BadEntries; i++)
        {
            var (mutation, fields, allowed) = Mutate(template, random);
            mutations[mutation] = mutations.GetValueOrDefault(mutation) + 1;
            var id = await database.StreamAddAsync(RedisKeys.RawSnapshots, [.. fields.Select(f => new NameValueEntry(f.Key, f.Value))]);
            var before = platform.Stats;

            // Never throws for a bad entry: it is the entry that is bad, not the cycle.
            Assert.True(await platform.Scanner.RunOnceAsync(CancellationToken.None), $"entry {i} ({mutation}) was not read");

            var after = platform.Stats;
            Assert.True(before.DeadLettered + 1 == after.DeadLettered,
                $"entry {i} ({mutation}) was not dead-lettered: cycles {before.Cycles} -> {after.Cycles}, session {after.Session}");
            Assert.Equal(before.Cycles, after.Cycles);
            var letter = (await database.StreamRangeAsync(RedisKeys.DeadLetter, "-", "+", 1, Order.Descending)).Single();
            Assert.Equal(id, letter["source_id"]);
            Assert.Equal(RedisKeys.RawSnapshots, (string?)letter["source_stream"]);
            var reason = (string?)letter["reason"] ?? "";
            Assert.True(allowed.Contains(reason), $"entry {i} ({mutation}) dead-lettered as {reason}: {letter["error"]}");
            Assert.False(string.IsNullOrWhiteSpace(letter["error"]));
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;

            if (i % 10 == 9)
            {
                // A good snapshot from the real Ingest right after: scanned as usual.
                var sequence = await platform.CycleAsync(TimeSpan.FromSeconds(5));
                Assert.Equal(after.Cycles + 1, platform.Stats.Cycles);
                Assert.Equal(sequence, platform.Stats.LastSnapshotSequence);
                Assert.Equal(Tickers, platform.Stats.TickersIn);
            }
        }

        output.WriteLine("mutations: " + string.Join(", ", mutations.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value}")));
        output.WriteLine("reasons: " + string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}")));
        var stats = platform.Stats;
        Assert.Equal(BadEntries, stats.DeadLettered);
        Assert.Equal(1 + BadEntries / 10, stats.Cycles);
        Assert.Equal(0, stats.FailedCycles);
        Assert.Equal(0, stats.StaleSkipped);
        Assert.Equal(BadEntries, await database.StreamLengthAsync(RedisKeys.DeadLetter));
        Assert.Equal(0, (await database.StreamPendingAsync(RedisKeys.RawSnapshots, "scanner")).PendingMessageCount);
        Assert.Equal(AnyReason.Order(), reasons.Keys.Order());
    }

    private static async Task<Dictionary<string, RedisValue>> NewestFieldsAsync(IDatabase database)
    {
        var newest = (await database.StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+", 1, Order.Descending)).Single();
        return newest.Values.ToDictionary(v => (string)v.Name!, v => v.Value, StringComparer.Ordinal);
    }

    /// <summary>One entry that must not decode, named, with the dead-letter reasons it may get.</summary>
    private static (string Mutation, Dictionary<string, RedisValue> Fields, string[] Allowed) Mutate(Dictionary<string, RedisValue> template, Random random)
    {
        var fields = new Dictionary<string, RedisValue>(template, StringComparer.Ordinal);
        var data = (byte[])template[RawSnapshotFormat.DataField]!;
        var rows = (long)template[RawSnapshotFormat.RowsField];
        string mutation;
        string[] allowed;
        switch (random.Next(12))
        {
            case 0:
                mutation = "random_data";
                fields[RawSnapshotFormat.DataField] = Bytes(random, random.Next(0, 4_096));
                // Random bytes are almost never Brotli; when they are, they hold the wrong row count.
                allowed = [RawSnapshotDecodeException.CorruptData, RawSnapshotDecodeException.RowCountMismatch];
                break;
            case 1:
                mutation = "compressed_random_data";
                fields[RawSnapshotFormat.DataField] = Compress(Bytes(random, random.Next(0, 8_192)));
                allowed = [RawSnapshotDecodeException.CorruptData, RawSnapshotDecodeException.RowCountMismatch];
                break;
            case 2:
                mutation = "truncated_data";
                fields[RawSnapshotFormat.DataField] = data[..random.Next(0, data.Length)];
                allowed = [RawSnapshotDecodeException.CorruptData];
                break;
            case 3:
                mutation = "trailing_bytes";
                fields[RawSnapshotFormat.DataField] = random.Next(2) == 0
                    ? [.. data, .. Bytes(random, random.Next(1, 64))]
                    : Compress([.. Decompress(data), .. Bytes(random, random.Next(1, 64))]);
                allowed = [RawSnapshotDecodeException.CorruptData];
                break;
            case 4:
                var missing = RequiredFields[random.Next(RequiredFields.Length)];
                mutation = $"missing_{missing}";
                fields.Remove(missing);
                allowed = [RawSnapshotDecodeException.MissingField];
                break;
            case 5:
                var field = IntegerFields[random.Next(IntegerFields.Length)];
                mutation = $"non_numeric_{field}";
                fields[field] = new[] { "abc", "", "1.5", "1e3", "0x10", "--1", "99999999999999999999999", "NaN", Letters(random) }[random.Next(9)];
                allowed = [RawSnapshotDecodeException.CorruptData];
                break;
            case 6:
                mutation = "huge_rows";
                fields[RawSnapshotFormat.RowsField] = new[] { RawSnapshotFormat.MaxRows + 1L, int.MaxValue, long.MaxValue, 1_000_000_000_000, random.NextInt64(RawSnapshotFormat.MaxRows + 1L, long.MaxValue) }[random.Next(5)];
                allowed = [RawSnapshotDecodeException.RowCountMismatch];
                break;
            case 7:
                mutation = "wrong_rows";
                fields[RawSnapshotFormat.RowsField] = random.Next(2) == 0 ? rows + random.Next(1, 1_000) : -random.NextInt64(1, long.MaxValue);
                allowed = [RawSnapshotDecodeException.RowCountMismatch];
                break;
            case 8:
                mutation = "negative_asof";
                fields[RawSnapshotFormat.AsOfField] = new[] { -1L, -5_000, -random.NextInt64(1, 62_135_596_800_000), -62_135_596_800_000, long.MinValue }[random.Next(5)];
                allowed = [RawSnapshotDecodeException.CorruptData];
                break;
            case 9:
                mutation = "asof_past_year_9999";
                fields[RawSnapshotFormat.AsOfField] = random.Next(2) == 0 ? long.MaxValue : MaxUnixMs + random.NextInt64(1, 1_000_000_000);
                allowed = [RawSnapshotDecodeException.CorruptData];
                break;
            case 10:
                mutation = "unknown_version";
                var version = random.NextInt64(long.MinValue, long.MaxValue);
                fields[RawSnapshotFormat.VersionField] = version is >= RawSnapshotFormat.OldestReadableVersion and <= RawSnapshotFormat.Version ? RawSnapshotFormat.Version + 1 : version;
                allowed = [RawSnapshotDecodeException.UnknownVersion];
                break;
            default:
                mutation = "random_fields";
                fields.Clear();
                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    var name = random.Next(3) == 0 ? Letters(random) : RequiredFields[random.Next(RequiredFields.Length)];
                    fields[name] = random.Next(2) == 0 ? Bytes(random, random.Next(0, 64)) : random.NextInt64(long.MinValue, long.MaxValue);
                }
                if (RequiredFields.All(fields.ContainsKey) && fields[RawSnapshotFormat.VersionField] is var v && (v == 1 || v == RawSnapshotFormat.Version))
                {
                    fields[RawSnapshotFormat.VersionField] = 7;
                }
                allowed = AnyReason;
                break;
        }
        if (random.Next(4) == 0)
        {
            // A trace context that is garbage must not matter either.
            fields[RawSnapshotFormat.TraceParentField] = Bytes(random, random.Next(0, 80));
            fields[RawSnapshotFormat.TraceStateField] = Letters(random);
        }
        return (mutation, fields, allowed);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Letters(Random random)
    {
        var text = new StringBuilder();
        for (var n = random.Next(1, 12); n > 0; n--)
        {
            text.Append((char)('a' + random.Next(26)));
        }
        return text.ToString();
    }

    private static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest))
        {
            brotli.Write(raw);
        }
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        using var input = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
