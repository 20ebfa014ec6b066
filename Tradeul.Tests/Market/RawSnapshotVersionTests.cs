using StackExchange.Redis;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Market;

/// <summary>Format version 2 (flags and split ratio per row), and version 1 entries still readable after an upgrade.</summary>
[Collection(RealServersCollection.Name)]
public sealed class RawSnapshotVersionTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset AsOf = new(2022, 4, 29, 17, 5, 0, TimeSpan.Zero);

    /// <summary>
    /// BIOL and PLAIN as the version 1 encoder (Tradeul before splits) wrote them at <see cref="AsOf"/>,
    /// kept byte for byte: the entry an upgraded Scanner may still find in <c>snapshots:raw</c>.
    /// </summary>
    private const string Version1Data = "CymAAgRCSU9MBVBMQUlOiJIF4JIZwh6AtRi4oQWQgxm4hQaAshnokQXw4xj2kQXgkhmqsgX4ihnokQWYkRmwkwWolBmeqTfA7m2KqTfA7m3+wA2wxg0D";

    private static readonly MarketQuote[] Version1Quotes =
    [
        new("BIOL", 4.2116, 0.1953, 4.31, 4.95, 4.21, 4.2107, 453_199, 4.4181, 453_189, 1_651_251_789_345, 4.21, 4.22),
        new("PLAIN", 20.6, 20.0, 20.5, 20.8, 20.3, 20.6, 900_000, 20.55, 900_000, 1_651_251_789_000, 20.59, 20.61),
    ];

    [Fact]
    public void Flags_and_exact_split_ratios_round_trip()
    {
        MarketQuote[] quotes =
        [
            Version1Quotes[0] with { PrevClose = 4.8825, Flags = QuoteFlags.SplitAdjusted, SplitRatio = 0.04 },
            Version1Quotes[1] with { Symbol = "THIRD", Flags = QuoteFlags.SplitAdjusted, SplitRatio = 1.0 / 3 },
            Version1Quotes[1] with { Symbol = "NVCN", Flags = QuoteFlags.SplitUnresolved },
            Version1Quotes[1],
        ];

        var decoded = new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 7, AsOf.ToUnixTimeMilliseconds(), quotes.Length,
            new RawSnapshotEncoder().Encode(quotes, AsOf)).Rows.ToArray();

        Assert.Equal(quotes, decoded);
        Assert.Equal(1.0 / 3, decoded[1].SplitRatio); // the same double, not 0.3333
    }

    [Fact]
    public void A_version_1_entry_decodes_with_no_flags_and_no_split()
    {
        var decoded = new RawSnapshotDecoder().Decode(1, 9, AsOf.ToUnixTimeMilliseconds(), 2, Convert.FromBase64String(Version1Data));

        Assert.Equal(Version1Quotes, decoded.Rows.ToArray());
        Assert.All(decoded.Rows.ToArray(), q => Assert.Equal((QuoteFlags.None, 0.0), (q.Flags, q.SplitRatio)));
    }

    [Fact]
    public void A_decoder_that_read_version_2_rows_does_not_leak_their_flags_into_a_version_1_entry()
    {
        var decoder = new RawSnapshotDecoder();
        MarketQuote[] flagged = [.. Version1Quotes.Select(q => q with { Flags = QuoteFlags.SplitUnresolved, SplitRatio = 2 })];
        decoder.Decode(RawSnapshotFormat.Version, 8, AsOf.ToUnixTimeMilliseconds(), 2, new RawSnapshotEncoder().Encode(flagged, AsOf));

        var decoded = decoder.Decode(1, 9, AsOf.ToUnixTimeMilliseconds(), 2, Convert.FromBase64String(Version1Data));

        Assert.Equal(Version1Quotes, decoded.Rows.ToArray());
    }

    [Fact]
    public void Flags_no_encoder_writes_are_corrupt_data_and_a_negative_split_ratio_is_refused_at_encoding()
    {
        var data = new RawSnapshotEncoder().Encode([Version1Quotes[0] with { Flags = (QuoteFlags)8 }], AsOf);

        var error = Assert.Throws<RawSnapshotDecodeException>(() => new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 1, AsOf.ToUnixTimeMilliseconds(), 1, data));

        Assert.Equal(RawSnapshotDecodeException.CorruptData, error.Reason);
        Assert.Throws<ArgumentException>(() => new RawSnapshotEncoder().Encode([Version1Quotes[0] with { SplitRatio = -0.04 }], AsOf));
        Assert.Throws<ArgumentException>(() => new RawSnapshotEncoder().Encode([Version1Quotes[0] with { SplitRatio = double.NaN }], AsOf));
    }

    [Fact]
    public async Task A_version_1_entry_left_in_snapshots_raw_is_scanned_not_dead_lettered()
    {
        await using var platform = await HotPathHarness.StartAsync(output, AsOf, tickers: 50);
        await platform.Database.StreamAddAsync(RedisKeys.RawSnapshots,
        [
            new NameValueEntry(RawSnapshotFormat.VersionField, 1),
            new NameValueEntry(RawSnapshotFormat.SequenceField, 41),
            new NameValueEntry(RawSnapshotFormat.AsOfField, AsOf.ToUnixTimeMilliseconds()),
            new NameValueEntry(RawSnapshotFormat.RowsField, 2),
            new NameValueEntry(RawSnapshotFormat.DataField, Convert.FromBase64String(Version1Data)),
        ]);

        Assert.True(await platform.Scanner.RunOnceAsync(CancellationToken.None));

        var stats = platform.Stats;
        Assert.Equal(0, stats.DeadLettered);
        Assert.Equal(41, stats.LastSnapshotSequence);
        Assert.Equal(2, stats.TickersIn);
        Assert.Equal(0, await platform.Database.StreamLengthAsync(RedisKeys.DeadLetter));
    }
}
