using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Tradeul.Shared.Market;

/// <summary>
/// Encodes a whole-market snapshot column by column (symbols, then each numeric field as
/// zig-zag varints of fixed-point values), which Brotli compresses far better than rows.
/// Callers validate first: a non-finite value here is a bug and throws.
/// </summary>
public sealed class RawSnapshotEncoder
{
    private readonly ArrayBufferWriter<byte> _raw = new(1 << 20);

    /// <summary>Returns the compressed <c>data</c> field.</summary>
    public byte[] Encode(ReadOnlySpan<MarketQuote> quotes, DateTimeOffset asOf)
    {
        _raw.ResetWrittenCount();
        VarInt.Write(_raw, (ulong)quotes.Length);
        foreach (ref readonly var quote in quotes)
        {
            var length = Encoding.ASCII.GetByteCount(quote.Symbol);
            VarInt.Write(_raw, (ulong)length);
            Encoding.ASCII.GetBytes(quote.Symbol, _raw.GetSpan(length));
            _raw.Advance(length);
        }
        WritePrices(quotes, static q => q.Price);
        WritePrices(quotes, static q => q.PrevClose);
        WritePrices(quotes, static q => q.Open);
        WritePrices(quotes, static q => q.High);
        WritePrices(quotes, static q => q.Low);
        WritePrices(quotes, static q => q.Close);
        WritePrices(quotes, static q => q.Vwap);
        WritePrices(quotes, static q => q.Bid);
        WritePrices(quotes, static q => q.Ask);
        foreach (ref readonly var quote in quotes)
        {
            VarInt.WriteSigned(_raw, quote.Volume);
        }
        foreach (ref readonly var quote in quotes)
        {
            VarInt.WriteSigned(_raw, quote.AccumulatedVolume);
        }
        var asOfMs = asOf.ToUnixTimeMilliseconds();
        foreach (ref readonly var quote in quotes)
        {
            // Update times cluster around as-of: small differences, small varints.
            VarInt.WriteSigned(_raw, asOfMs - quote.UpdatedUnixMs);
        }
        // Version 2: nearly every row has no flags and no split, so both columns are a byte of zero.
        foreach (ref readonly var quote in quotes)
        {
            VarInt.WriteSigned(_raw, (long)quote.Flags);
        }
        foreach (ref readonly var quote in quotes)
        {
            if (!double.IsFinite(quote.SplitRatio) || quote.SplitRatio < 0)
            {
                throw new ArgumentException($"{quote.Symbol} has split ratio {quote.SplitRatio}; it must be 0 (none) or positive.", nameof(quotes));
            }
            // The exact bits: a ratio such as 1/3 must come back as the same double Ingest divided by.
            VarInt.WriteSigned(_raw, BitConverter.DoubleToInt64Bits(quote.SplitRatio));
        }

        var raw = _raw.WrittenSpan;
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        if (!BrotliEncoder.TryCompress(raw, compressed, out var written, RawSnapshotFormat.CompressionQuality, 22))
        {
            throw new InvalidOperationException("Brotli could not compress the market snapshot.");
        }
        return compressed.AsSpan(0, written).ToArray();
    }

    private void WritePrices(ReadOnlySpan<MarketQuote> quotes, Func<MarketQuote, double> field)
    {
        foreach (ref readonly var quote in quotes)
        {
            var value = field(quote);
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"{quote.Symbol} has a non-finite value; validate before encoding.", nameof(quotes));
            }
            VarInt.WriteSigned(_raw, (long)Math.Round(value * RawSnapshotFormat.PriceScale));
        }
    }
}
