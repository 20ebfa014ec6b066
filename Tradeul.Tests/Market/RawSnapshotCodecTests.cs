using System.IO.Compression;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Market;

/// <summary>The snapshots:raw column codec: an exact round trip, and corrupt entries refused with a dead-letter reason.</summary>
public sealed class RawSnapshotCodecTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, 123, TimeSpan.Zero);
    private static long AsOfMs => AsOf.ToUnixTimeMilliseconds();

    private static readonly MarketQuote[] Quotes =
    [
        new("AAPL", 231.4567, 229.87, 230.01, 232.5, 228.9999, 231.45, 45_678_901, 230.8812, 46_000_000, AsOfMs - 250, 231.45, 231.46),
        new("BRK.A", 712_345.6789, 710_000, 711_111.1111, 713_000, 709_876.5432, 712_000, 1_234, 711_500.25, 1_300, AsOfMs, 712_340, 712_350),
        new("PENNY", 0.0001, 0.0002, 0, 0, 0, 0, 0, 0, 0, AsOfMs - 86_400_000, 0, 0),
        new("BIG", 99_999_999.9999, 1, 1, 99_999_999.9999, 1, 1, long.MaxValue / 2, 50_000_000.5, 9_000_000_000_000, 0, 99_999_999.9998, 99_999_999.9999),
        new("FUTURE", 12.3, 12, 12.1, 12.4, 11.9, 12.3, 100, 12.2, 100, AsOfMs + 1_500, 12.29, 12.31),
        new("", 1, 1, 1, 1, 1, 1, 1, 1, 1, AsOfMs, 1, 1),
        new(new string('X', 32), 5, 5, 5, 5, 5, 5, 5, 5, 5, AsOfMs, 5, 5),
    ];

    private static byte[] Encode(MarketQuote[] quotes, DateTimeOffset? asOf = null) => new RawSnapshotEncoder().Encode(quotes, asOf ?? AsOf);

    private static RawSnapshotDecodeException Refused(RawSnapshotDecoder decoder, int version, int rows, byte[] data, long? asOfMs = null) =>
        Assert.Throws<RawSnapshotDecodeException>(() => decoder.Decode(version, 1, asOfMs ?? AsOfMs, rows, data));

    /// <summary>The uncompressed column bytes of an encoded snapshot.</summary>
    private static byte[] Raw(byte[] data)
    {
        using var input = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Brotli(ReadOnlySpan<byte> raw)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        Assert.True(BrotliEncoder.TryCompress(raw, buffer, out var written));
        return buffer[..written];
    }

    [Fact]
    public void Quotes_round_trip_exactly()
    {
        var snapshot = new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 77, AsOfMs, Quotes.Length, Encode(Quotes));

        Assert.Equal(77, snapshot.Sequence);
        Assert.Equal(AsOf, snapshot.AsOf);
        Assert.Equal(Quotes.Length, snapshot.Count);
        Assert.Equal(Quotes.Length, snapshot.Rows.Length);
        for (var i = 0; i < Quotes.Length; i++)
        {
            Assert.Equal(Quotes[i], snapshot.Rows[i]);
        }
    }

    [Fact]
    public void Prices_travel_in_ten_thousandths()
    {
        MarketQuote[] quotes = [new("ROUND", 1.23456, 1.23454, 0.00004, 0.00014, 0.00016, 10.99999, 1, 2.5, 1, AsOfMs, 0, 0)];

        var q = new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 1, AsOfMs, 1, Encode(quotes)).Rows[0];

        Assert.Equal(1.2346, q.Price);
        Assert.Equal(1.2345, q.PrevClose);
        Assert.Equal(0, q.Open);
        Assert.Equal(0.0001, q.High);
        Assert.Equal(0.0002, q.Low);
        Assert.Equal(11, q.Close);
        Assert.Equal(2.5, q.Vwap);
    }

    [Fact]
    public void An_empty_market_round_trips()
    {
        var snapshot = new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 5, AsOfMs, 0, Encode([]));

        Assert.Equal(0, snapshot.Count);
        Assert.True(snapshot.Rows.IsEmpty);
        Assert.Equal(AsOf, snapshot.AsOf);
    }

    [Fact]
    public void A_reused_decoder_shows_only_the_current_rows()
    {
        var decoder = new RawSnapshotDecoder();
        decoder.Decode(RawSnapshotFormat.Version, 1, AsOfMs, Quotes.Length, Encode(Quotes));

        var second = decoder.Decode(RawSnapshotFormat.Version, 2, AsOfMs + 5_000, 2, Encode(Quotes[..2], AsOf.AddSeconds(5)));

        Assert.Equal(2, second.Sequence);
        Assert.Equal(2, second.Rows.Length);
        Assert.Equal(Quotes[0], second.Rows[0]);
        Assert.Equal(Quotes[1], second.Rows[1]);
    }

    [Fact]
    public void Symbols_are_interned_across_decodes()
    {
        var decoder = new RawSnapshotDecoder();
        var first = decoder.Decode(RawSnapshotFormat.Version, 1, AsOfMs, Quotes.Length, Encode(Quotes)).Rows[0].Symbol;
        // A different entry: other prices, other order, a later time.
        MarketQuote[] next = [Quotes[3], Quotes[0] with { Price = 240 }];

        var second = decoder.Decode(RawSnapshotFormat.Version, 2, AsOfMs + 5_000, 2, Encode(next, AsOf.AddSeconds(5))).Rows[1];

        Assert.Equal("AAPL", second.Symbol);
        Assert.Equal(240, second.Price);
        Assert.Same(first, second.Symbol);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Unknown_version(int version)
    {
        var error = Refused(new RawSnapshotDecoder(), version, Quotes.Length, Encode(Quotes));

        Assert.Equal(RawSnapshotDecodeException.UnknownVersion, error.Reason);
        Assert.Equal("unknown_version", error.Reason);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(RawSnapshotFormat.MaxRows + 1)]
    [InlineData(int.MaxValue)]
    public void Row_count_differing_from_the_data(int rows)
    {
        var error = Refused(new RawSnapshotDecoder(), RawSnapshotFormat.Version, rows, Encode(Quotes));

        Assert.Equal("row_count_mismatch", error.Reason);
    }

    [Fact]
    public void Truncated_data_is_corrupt()
    {
        var data = Encode(Quotes);
        var decoder = new RawSnapshotDecoder();
        foreach (var length in new[] { 0, 1, data.Length / 2, data.Length - 1 })
        {
            var error = Refused(decoder, RawSnapshotFormat.Version, Quotes.Length, data[..length]);
            Assert.True(error.Reason == "corrupt_data", $"{length} of {data.Length} bytes: {error.Reason}");
        }
    }

    [Fact]
    public void Bytes_after_the_compressed_stream_are_corrupt()
    {
        var error = Refused(new RawSnapshotDecoder(), RawSnapshotFormat.Version, Quotes.Length, [.. Encode(Quotes), 0x00]);

        Assert.Equal("corrupt_data", error.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_bytes_are_corrupt(int seed)
    {
        var data = new byte[new Random(seed).Next(16, 4_096)];
        new Random(seed).NextBytes(data);

        var error = Refused(new RawSnapshotDecoder(), RawSnapshotFormat.Version, 3, data);

        Assert.Equal("corrupt_data", error.Reason);
    }

    public static TheoryData<string, byte[]> GarbageColumns()
    {
        var raw = Raw(new RawSnapshotEncoder().Encode(Quotes, AsOf));
        var rows = (byte)Quotes.Length;
        return new TheoryData<string, byte[]>
        {
            { "malformed symbol length", [rows, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
            { "symbol longer than 32", [rows, 40, .. new byte[40]] },
            { "symbol past the end", [rows, 10, (byte)'A', (byte)'B'] },
            { "non-ASCII symbol", [rows, 2, 0xC3, 0x84] },
            { "columns missing", raw[..^3] },
            { "trailing bytes", [.. raw, 0x01, 0x02] },
            { "number past the end", [.. raw[..^1], 0x80] },
            { "text", [rows, .. "this is not a market snapshot at all"u8.ToArray()] },
        };
    }

    [Theory]
    [MemberData(nameof(GarbageColumns))]
    public void Valid_brotli_of_garbage_is_corrupt(string what, byte[] raw)
    {
        var error = Refused(new RawSnapshotDecoder(), RawSnapshotFormat.Version, Quotes.Length, Brotli(raw));

        Assert.True(error.Reason == "corrupt_data", $"{what}: {error.Reason}");
    }

    [Fact]
    public void Valid_brotli_claiming_another_row_count_is_a_mismatch()
    {
        var error = Refused(new RawSnapshotDecoder(), RawSnapshotFormat.Version, 3, Brotli("garbage that is not a snapshot"u8));

        Assert.Equal("row_count_mismatch", error.Reason); // 'g' = 103 rows
    }

    [Fact]
    public void Random_data_never_throws_anything_else()
    {
        var random = new Random(20261124);
        var decoder = new RawSnapshotDecoder();
        var reasons = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 3_000)];
            random.NextBytes(bytes);
            var rows = random.Next(0, 6);
            // Half raw noise for Brotli, half well-compressed noise for the column parser behind it.
            if (i % 2 == 1)
            {
                if (bytes.Length > 0)
                {
                    bytes[0] = (byte)rows;
                }
                bytes = Brotli(bytes);
            }
            try
            {
                decoder.Decode(RawSnapshotFormat.Version, i, AsOfMs, rows, bytes);
            }
            catch (RawSnapshotDecodeException ex)
            {
                reasons.Add(ex.Reason);
            }
            catch (Exception ex)
            {
                Assert.Fail($"Input {i} ({bytes.Length} bytes, {rows} rows) threw {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.Subset(new HashSet<string> { "corrupt_data", "row_count_mismatch" }, reasons);
        Assert.Contains("corrupt_data", reasons);

        // The decoder survives all that and decodes the next good entry.
        var good = decoder.Decode(RawSnapshotFormat.Version, 999, AsOfMs, Quotes.Length, Encode(Quotes));
        Assert.Equal(Quotes, good.Rows.ToArray());
    }

    [Fact]
    public void An_impossible_as_of_time_is_corrupt()
    {
        var data = Encode(Quotes[..1]);

        var error = Refused(new RawSnapshotDecoder(), RawSnapshotFormat.Version, 1, data, asOfMs: long.MaxValue);

        Assert.Equal("corrupt_data", error.Reason);
    }
}
