namespace Tradeul.Shared.Streams;

/// <summary>Matches stream names against configured names in which '*' stands for any run of characters.</summary>
public static class StreamNamePattern
{
    public static bool IsPattern(string name) => name.Contains('*', StringComparison.Ordinal);

    public static bool Matches(string pattern, string name)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
        }
        if (!name.StartsWith(parts[0], StringComparison.Ordinal) || !name.EndsWith(parts[^1], StringComparison.Ordinal)
            || name.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }
        var position = parts[0].Length;
        var end = name.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = name.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            position = found + parts[i].Length;
        }
        return true;
    }

    /// <summary>The exact entry if there is one, otherwise the first pattern (in name order) that matches.</summary>
    public static TValue? Find<TValue>(IReadOnlyDictionary<string, TValue> entries, string name) where TValue : class
    {
        if (entries.TryGetValue(name, out var exact))
        {
            return exact;
        }
        foreach (var key in entries.Keys.Where(IsPattern).Order(StringComparer.Ordinal))
        {
            if (Matches(key, name))
            {
                return entries[key];
            }
        }
        return null;
    }
}
