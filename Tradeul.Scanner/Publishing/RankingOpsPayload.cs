using System.IO.Compression;

namespace Tradeul.Scanner.Publishing;

/// <summary>
/// How ranking operations are stored in <c>stream:ranking:deltas</c>: Brotli-compressed JSON
/// (field <c>ops</c>, with <c>encoding</c> = <c>br</c>). Nearly every ranked row changes its
/// volume every cycle, so an entry is mostly update operations; uncompressed, with whole rows
/// in them, the 5,000 entries the stream keeps came to about 160 MB at 12,000 tickers (soak).
/// </summary>
public static class RankingOpsPayload
{
    public const string Encoding = "br";

    /// <summary>Quality 1: a few hundred KB per cycle in about a millisecond.</summary>
    private const int Quality = 1;

    public static byte[] Compress(ReadOnlySpan<byte> json)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(json.Length)];
        return BrotliEncoder.TryCompress(json, buffer, out var written, Quality, 22)
            ? buffer.AsSpan(0, written).ToArray()
            : throw new InvalidOperationException("Brotli could not compress the ranking operations.");
    }

    public static byte[] Decompress(ReadOnlySpan<byte> payload)
    {
        using var input = new MemoryStream(payload.ToArray());
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        brotli.CopyTo(output);
        return output.ToArray();
    }
}
