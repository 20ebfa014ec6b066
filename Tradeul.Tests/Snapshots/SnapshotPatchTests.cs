using System.Text;
using Tradeul.Shared.Snapshots;

namespace Tradeul.Tests.Snapshots;

/// <summary>Changed rows sent as field patches: exact rebuilds, smaller than the rows, corruption refused.</summary>
public sealed class SnapshotPatchTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string RankingRow(string symbol, double price, long volume) => FormattableString.Invariant(
        $"{{\"symbol\":\"{symbol}\",\"price\":{price},\"change_percent\":5.12,\"gap_percent\":3.3,\"volume\":{volume},\"rvol\":2.41,\"name\":\"{symbol} Holdings, Inc.\",\"sector\":\"Technology\",\"market_cap\":123456789}}");

    [Fact]
    public void A_row_whose_price_and_volume_moved_is_sent_as_those_two_fields()
    {
        var before = SnapshotState.Own([new SnapshotRow("ABC", Utf8(RankingRow("ABC", 12.5, 1_000_000)))]);
        var after = SnapshotState.Own([new SnapshotRow("ABC", Utf8(RankingRow("ABC", 12.51, 1_004_200)))]);

        var delta = SnapshotDiff.Compute(before, after);

        Assert.Empty(delta.Upserts);
        var patch = Assert.Single(delta.Patches);
        Assert.Equal(["\"price\":12.51", "\"volume\":1004200"], patch.Tokens.Select(t => Encoding.UTF8.GetString(t.Token)));
        var raw = SnapshotCodec.EncodeDelta(delta);
        Assert.True(raw.Length * 3 < after.FullRawLength(), $"delta {raw.Length} B vs full {after.FullRawLength()} B");
        SnapshotTestRows.AssertSameRows(after.Rows, SnapshotDiff.Apply(before, SnapshotCodec.DecodeDelta(raw)).Rows);
    }

    [Fact]
    public void A_row_with_every_field_changed_is_sent_whole()
    {
        var before = SnapshotState.Own([new SnapshotRow("K", Utf8("{\"p\":1,\"v\":2}"))]);
        var after = SnapshotState.Own([new SnapshotRow("K", Utf8("{\"p\":3,\"v\":4}"))]);

        var delta = SnapshotDiff.Compute(before, after);

        Assert.Empty(delta.Patches);
        Assert.Single(delta.Upserts);
    }

    [Fact]
    public void Random_bytes_with_separators_round_trip_through_patches_and_whole_rows()
    {
        var random = new Random(42);
        var patched = 0;
        var whole = 0;
        for (var round = 0; round < 2_000; round++)
        {
            var keys = Enumerable.Range(0, random.Next(0, 20)).Select(i => $"K{i}").ToArray();
            var beforeRows = keys.Select(k => new SnapshotRow(k, RandomValue(random))).ToArray();
            var afterRows = beforeRows.Where(_ => random.Next(6) > 0)
                .Select(r => random.Next(3) == 0 ? r : r with { Value = Mutate(random, r.Value) })
                .Concat(Enumerable.Range(20, random.Next(0, 3)).Select(i => new SnapshotRow($"K{i}", RandomValue(random))))
                .OrderBy(_ => random.Next(4))
                .ToArray();
            var before = SnapshotState.Own(beforeRows);
            var after = SnapshotState.Own(afterRows);

            var delta = SnapshotDiff.Compute(before, after);
            patched += delta.Patches.Count;
            whole += delta.Upserts.Count;
            var rebuilt = SnapshotDiff.Apply(before, SnapshotCodec.DecodeDelta(SnapshotCodec.EncodeDelta(delta)));

            SnapshotTestRows.AssertSameRows(after.Rows, rebuilt.Rows);
        }
        // Both paths were exercised, not just one.
        Assert.True(patched > 1_000, $"{patched} patches");
        Assert.True(whole > 1_000, $"{whole} whole rows");
    }

    private static byte[] RandomValue(Random random)
    {
        const string alphabet = ",,ab1\"";
        return Utf8(new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
    }

    /// <summary>Changes a few bytes, sometimes adding or removing a separator so the field count differs.</summary>
    private static byte[] Mutate(Random random, byte[] value)
    {
        var text = Encoding.UTF8.GetString(value).ToCharArray().ToList();
        for (var edits = random.Next(1, 3); edits > 0; edits--)
        {
            var at = random.Next(text.Count + 1);
            switch (random.Next(4))
            {
                case 0 when text.Count > 0 && at < text.Count: text[at] = 'z'; break;
                case 1: text.Insert(at, 'q'); break;
                case 2 when at < text.Count: text.RemoveAt(at); break;
                default: text.Insert(at, ','); break;
            }
        }
        return Utf8(new string([.. text]));
    }

    [Fact]
    public void A_delta_written_before_patches_existed_still_decodes()
    {
        var before = SnapshotState.Own([new SnapshotRow("A", [1]), new SnapshotRow("B", [2])]);
        var after = SnapshotState.Own([new SnapshotRow("B", [3]), new SnapshotRow("C", [4])]);
        var raw = SnapshotCodec.EncodeDelta(SnapshotDiff.Compute(before, after));
        Assert.Equal(0, raw[^1]); // the trailing patch count

        var old = SnapshotCodec.DecodeDelta(raw.AsSpan(0, raw.Length - 1));

        Assert.Empty(old.Patches);
        SnapshotTestRows.AssertSameRows(after.Rows, SnapshotDiff.Apply(before, old).Rows);
    }

    [Fact]
    public void A_patch_that_does_not_fit_its_row_is_refused()
    {
        var before = SnapshotState.Own([new SnapshotRow("K", Utf8("a,b,c"))]);
        SnapshotDelta Patch(int tokenCount, params (int, byte[])[] tokens) =>
            new([], [], [], 1, [new SnapshotPatch("K", tokenCount, tokens)]);

        Assert.Equal("a,X,c", Encoding.UTF8.GetString(SnapshotDiff.Apply(before, Patch(3, (1, Utf8("X")))).Rows[0].Value));
        Assert.Contains("expects 4 fields", Assert.Throws<InvalidDataException>(() => SnapshotDiff.Apply(before, Patch(4, (1, Utf8("X"))))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SnapshotDiff.Apply(before, Patch(3, (3, Utf8("X")))));
        Assert.Throws<InvalidDataException>(() => SnapshotDiff.Apply(before, Patch(3, (1, Utf8("X")), (1, Utf8("Y")))));
        Assert.Throws<InvalidDataException>(() => SnapshotDiff.Apply(before, new SnapshotDelta([], [], [], 1, [new SnapshotPatch("MISSING", 1, [(0, Utf8("X"))])])));

        // The decoder refuses field indexes out of order or out of range before anything is applied.
        var encoded = SnapshotCodec.EncodeDelta(Patch(3, (0, Utf8("X")), (2, Utf8("Y"))));
        var outOfRange = (byte[])encoded.Clone();
        outOfRange[Array.LastIndexOf(outOfRange, (byte)2, outOfRange.Length - 3)] = 7;
        Assert.Throws<InvalidDataException>(() => SnapshotCodec.DecodeDelta(outOfRange));
    }
}
