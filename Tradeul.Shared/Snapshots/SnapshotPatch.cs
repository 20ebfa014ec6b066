namespace Tradeul.Shared.Snapshots;

/// <summary>
/// A changed row sent as the fields that changed rather than the whole value. A value is
/// cut into tokens at every comma, so a JSON row patches field by field: a ranked ticker
/// whose volume and price moved costs those two fields, not its name, sector and the rest.
/// Any bytes split and join back exactly, so this is safe for values that are not JSON;
/// they merely patch less well. A patch is only used when it is smaller than the value.
/// </summary>
/// <param name="TokenCount">Tokens in both the old and the new value: a consistency check on apply.</param>
/// <param name="Tokens">(token index, new token bytes), indexes strictly ascending.</param>
internal sealed record SnapshotPatch(string Key, int TokenCount, IReadOnlyList<(int Index, byte[] Token)> Tokens)
{
    public const byte Separator = (byte)',';

    /// <summary>A patch from <paramref name="before"/> to <paramref name="after"/>, or null when the whole value is as small.</summary>
    public static SnapshotPatch? TryCreate(string key, byte[] before, byte[] after)
    {
        var oldTokens = Tokenize(before);
        var newTokens = Tokenize(after);
        if (oldTokens.Count != newTokens.Count)
        {
            return null;
        }
        var changed = new List<(int, byte[])>();
        var length = SnapshotBinary.VarIntLength((uint)newTokens.Count);
        for (var i = 0; i < newTokens.Count; i++)
        {
            var token = after.AsSpan(newTokens[i]);
            if (!token.SequenceEqual(before.AsSpan(oldTokens[i])))
            {
                changed.Add((i, token.ToArray()));
                length += SnapshotBinary.VarIntLength((uint)i) + SnapshotBinary.VarIntLength((uint)token.Length) + token.Length;
            }
        }
        length += SnapshotBinary.VarIntLength((uint)changed.Count);
        return length < SnapshotBinary.BytesLength(after) ? new SnapshotPatch(key, newTokens.Count, changed) : null;
    }

    /// <summary>The new value; an <see cref="InvalidDataException"/> when the patch does not fit <paramref name="before"/>.</summary>
    public byte[] ApplyTo(byte[] before)
    {
        var tokens = Tokenize(before);
        if (tokens.Count != TokenCount)
        {
            throw new InvalidDataException($"Patch of '{Key}' expects {TokenCount} fields but the row has {tokens.Count}.");
        }
        var replaced = new byte[]?[TokenCount];
        var length = before.Length;
        foreach (var (index, token) in Tokens)
        {
            if ((uint)index >= (uint)TokenCount || replaced[index] is not null)
            {
                throw new InvalidDataException($"Patch of '{Key}' names field {index} out of range or twice.");
            }
            replaced[index] = token;
            length += token.Length - tokens[index].GetOffsetAndLength(before.Length).Length;
        }
        var result = new byte[length];
        var position = 0;
        for (var i = 0; i < TokenCount; i++)
        {
            if (i > 0)
            {
                result[position++] = Separator;
            }
            var token = replaced[i] is { } r ? r.AsSpan() : before.AsSpan(tokens[i]);
            token.CopyTo(result.AsSpan(position));
            position += token.Length;
        }
        return result;
    }

    /// <summary>Token ranges between separators: n separators give n + 1 tokens, so joining is exact.</summary>
    private static List<Range> Tokenize(byte[] value)
    {
        var tokens = new List<Range>(24);
        var start = 0;
        int next;
        while ((next = value.AsSpan(start).IndexOf(Separator)) >= 0)
        {
            tokens.Add(new Range(start, start + next));
            start += next + 1;
        }
        tokens.Add(new Range(start, value.Length));
        return tokens;
    }
}
