using Tradeul.Shared.Snapshots;

namespace Tradeul.Tests.Snapshots;

/// <summary>The encodings and the diff on their own, without Redis.</summary>
public sealed class SnapshotCodecTests
{
    private static SnapshotState State(params string[] keys) =>
        SnapshotState.Own(keys.Select(k => new SnapshotRow(k, [(byte)k[0]])).ToArray());

    [Fact]
    public void One_row_climbing_a_ranking_costs_one_move()
    {
        var before = State("A", "B", "C", "D", "E", "F");
        var after = State("A", "E", "B", "C", "D", "F");

        var delta = SnapshotDiff.Compute(before, after);

        Assert.Empty(delta.Removes);
        Assert.Empty(delta.Upserts);
        Assert.Equal([("E", 1)], delta.Moves);
        Assert.Equal(after.Rows.Select(r => r.Key), SnapshotDiff.Apply(before, delta).Rows.Select(r => r.Key));
    }

    [Fact]
    public void Random_edits_round_trip_through_encode_decode_apply()
    {
        var random = new Random(7);
        for (var round = 0; round < 2_000; round++)
        {
            var before = RandomState(random);
            var after = RandomState(random);
            var raw = SnapshotCodec.EncodeDelta(SnapshotDiff.Compute(before, after));
            var rebuilt = SnapshotDiff.Apply(before, SnapshotCodec.DecodeDelta(raw));
            SnapshotTestRows.AssertSameRows(after.Rows, rebuilt.Rows);
        }
    }

    private static SnapshotState RandomState(Random random)
    {
        var keys = Enumerable.Range(0, 30).Where(_ => random.Next(3) > 0).OrderBy(_ => random.Next()).Take(random.Next(0, 25));
        return SnapshotState.Own(keys.Select(k => new SnapshotRow($"K{k}", [(byte)random.Next(3)])).ToArray());
    }

    [Fact]
    public void Packed_payloads_round_trip_and_corruption_is_refused_not_misread()
    {
        var state = State("AAPL", "MSFT", "NVDA");
        var raw = SnapshotCodec.EncodeFull(state);
        var header = new SnapshotHeader(SnapshotKind.Full, 9, 9, 8, 1_700_000_000_000, raw.Length, state.Count);
        var packed = SnapshotCodec.Pack(header, raw, quality: 4);

        var (readHeader, readRaw) = SnapshotCodec.Unpack(packed);
        Assert.Equal(header, readHeader);
        SnapshotTestRows.AssertSameRows(state.Rows, SnapshotCodec.DecodeFull(readRaw).Rows);

        var wrongVersion = (byte[])packed.Clone();
        wrongVersion[2] = 99;
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => SnapshotCodec.Unpack(wrongVersion)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SnapshotCodec.Unpack(packed.AsSpan(0, packed.Length - 3)));
        Assert.Throws<InvalidDataException>(() => SnapshotCodec.Unpack("hello"u8));
        Assert.Throws<InvalidDataException>(() => SnapshotCodec.DecodeFull(raw.AsSpan(0, raw.Length - 1)));
        Assert.Throws<InvalidDataException>(() => SnapshotCodec.DecodeDelta([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SnapshotState.CopyOf([new("A", [1]), new("A", [2])]));
        Assert.Contains("Duplicate snapshot key 'A'", error.Message, StringComparison.Ordinal);
    }
}
