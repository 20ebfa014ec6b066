using System.Buffers;
using System.IO.Compression;

namespace Tradeul.Shared.Market;

/// <summary>
/// Decodes <c>snapshots:raw</c> entries on the hot path. One instance per consumer: it keeps
/// its buffers and an intern table of symbols between cycles, so after the first cycle a
/// decode allocates nothing per ticker (the same 12,000 symbols come back every time).
/// Not thread-safe.
/// </summary>
public sealed class RawSnapshotDecoder
{
    // Version 1 has 12 numeric columns; version 2 adds flags and split ratio.
    private const int Version1Columns = 12;
    private const int Columns = 14;
    private const QuoteFlags KnownFlags = QuoteFlags.SplitAdjusted | QuoteFlags.SplitUnresolved;
    // No market snapshot predates the Unix epoch: a negative as-of is corruption, and scanning
    // it as a 1969 session would overwrite the live rankings. The top is DateTimeOffset.MaxValue.
    private const long MinUnixMs = 0;
    private const long MaxUnixMs = 253_402_300_799_999;
    private readonly Dictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _symbolLookup;
    private byte[] _raw = new byte[1 << 20];
    private long[][] _columns = new long[Columns][];
    private string[] _names = [];
    private readonly RawSnapshot _snapshot = new();

    public RawSnapshotDecoder()
    {
        _symbolLookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < Columns; i++)
        {
            _columns[i] = [];
        }
    }

    /// <summary>
    /// Decodes into a snapshot object that this decoder reuses on the next call. Reads every
    /// version from <see cref="RawSnapshotFormat.OldestReadableVersion"/> to
    /// <see cref="RawSnapshotFormat.Version"/>; a version 1 row has no flags and no split ratio.
    /// </summary>
    /// <exception cref="RawSnapshotDecodeException">The entry cannot be decoded; its <see cref="RawSnapshotDecodeException.Reason"/> says why.</exception>
    public RawSnapshot Decode(int version, long sequence, long asOfUnixMs, int rows, ReadOnlySpan<byte> data)
    {
        if (!RawSnapshotFormat.IsReadable(version))
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.UnknownVersion,
                $"Snapshot format version {version} is not supported (this decoder reads {RawSnapshotFormat.OldestReadableVersion} to {RawSnapshotFormat.Version}).");
        }
        var columns = version == 1 ? Version1Columns : Columns;
        if (asOfUnixMs is < MinUnixMs or > MaxUnixMs)
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, $"Entry has an impossible as-of time ({asOfUnixMs} ms).");
        }
        if (rows is < 0 or > RawSnapshotFormat.MaxRows)
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.RowCountMismatch, $"Entry claims {rows} rows.");
        }
        var raw = Decompress(data);
        var position = 0;
        try
        {
            var count = VarInt.Read(raw, ref position);
            if (count != (ulong)rows)
            {
                throw new RawSnapshotDecodeException(RawSnapshotDecodeException.RowCountMismatch, $"Entry says {rows} rows but its data holds {count}.");
            }
            EnsureCapacity(rows);
            ReadSymbols(raw, ref position, rows);
            for (var column = 0; column < columns; column++)
            {
                var values = _columns[column];
                for (var i = 0; i < rows; i++)
                {
                    values[i] = VarInt.ReadSigned(raw, ref position);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, ex.Message, ex);
        }
        if (position != raw.Length)
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, $"Snapshot data has {raw.Length - position} trailing bytes.");
        }

        var hasSplitColumns = columns > Version1Columns;
        if (hasSplitColumns)
        {
            CheckSplitColumns(rows);
        }
        var quotes = _snapshot.Quotes;
        const double scale = RawSnapshotFormat.PriceScale;
        for (var i = 0; i < rows; i++)
        {
            quotes[i] = new MarketQuote(
                _names[i],
                _columns[0][i] / scale,
                _columns[1][i] / scale,
                _columns[2][i] / scale,
                _columns[3][i] / scale,
                _columns[4][i] / scale,
                _columns[5][i] / scale,
                _columns[9][i],
                _columns[6][i] / scale,
                _columns[10][i],
                asOfUnixMs - _columns[11][i],
                _columns[7][i] / scale,
                _columns[8][i] / scale)
            {
                // A version 1 row has neither; the columns may still hold an earlier entry's values.
                Flags = hasSplitColumns ? (QuoteFlags)_columns[12][i] : QuoteFlags.None,
                SplitRatio = hasSplitColumns ? BitConverter.Int64BitsToDouble(_columns[13][i]) : 0,
            };
        }
        _snapshot.Sequence = sequence;
        _snapshot.AsOf = DateTimeOffset.FromUnixTimeMilliseconds(asOfUnixMs);
        _snapshot.Count = rows;
        return _snapshot;
    }

    /// <summary>Flags and split ratio (version 2) before any row is built: a value no encoder writes is corruption.</summary>
    private void CheckSplitColumns(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            var ratio = BitConverter.Int64BitsToDouble(_columns[13][i]);
            if (((QuoteFlags)_columns[12][i] & ~KnownFlags) != 0 || !double.IsFinite(ratio) || ratio < 0)
            {
                throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData,
                    $"Row {i} has flags {_columns[12][i]} or split ratio {ratio} that no encoder writes.");
            }
        }
    }

    private ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> data)
    {
        using var decoder = new BrotliDecoder();
        var consumed = 0;
        var written = 0;
        while (true)
        {
            var status = decoder.Decompress(data[consumed..], _raw.AsSpan(written), out var read, out var wrote);
            consumed += read;
            written += wrote;
            switch (status)
            {
                case OperationStatus.Done:
                    if (consumed != data.Length)
                    {
                        throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, "Snapshot data has bytes after its compressed stream.");
                    }
                    return _raw.AsSpan(0, written);
                case OperationStatus.DestinationTooSmall:
                    if (_raw.Length >= 256 * 1024 * 1024)
                    {
                        throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, "Snapshot data decompresses past 256 MB.");
                    }
                    Array.Resize(ref _raw, _raw.Length * 2);
                    break;
                default:
                    throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, $"Snapshot data is not valid Brotli ({status}).");
            }
        }
    }

    private void ReadSymbols(ReadOnlySpan<byte> raw, ref int position, int rows)
    {
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < rows; i++)
        {
            var length = VarInt.Read(raw, ref position);
            if (length > 32 || length > (ulong)(raw.Length - position))
            {
                throw new InvalidDataException($"Row {i} has a symbol of {length} bytes.");
            }
            var bytes = raw.Slice(position, (int)length);
            position += (int)length;
            var symbol = chars[..bytes.Length];
            for (var k = 0; k < bytes.Length; k++)
            {
                if (bytes[k] >= 0x80)
                {
                    throw new InvalidDataException($"Row {i} has a symbol that is not ASCII.");
                }
                symbol[k] = (char)bytes[k];
            }
            if (!_symbolLookup.TryGetValue(symbol, out var interned))
            {
                if (_symbols.Count > 4 * Math.Max(rows, 1_000))
                {
                    // A universe that keeps changing (or corrupt entries) must not grow this table forever.
                    _symbols.Clear();
                }
                interned = new string(symbol);
                _symbols[interned] = interned;
            }
            _names[i] = interned;
        }
    }

    private void EnsureCapacity(int rows)
    {
        if (_names.Length >= rows)
        {
            return;
        }
        _names = new string[rows];
        for (var i = 0; i < Columns; i++)
        {
            _columns[i] = new long[rows];
        }
        _snapshot.Quotes = new MarketQuote[rows];
    }
}
