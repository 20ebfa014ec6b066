namespace Tradeul.Scanner.Scans.Binding;

/// <summary>The nearest known name to a misspelt one, by Damerau-Levenshtein distance (optimal string alignment, case-insensitive).</summary>
internal static class NameSuggestions
{
    /// <summary>The closest of <paramref name="candidates"/>, or null when none is close: within 1 edit for names up to 4 characters, 2 up to 8, 3 beyond.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        var allowed = name.Length <= 4 ? 1 : name.Length <= 8 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Insertions, deletions, substitutions and swaps of two adjacent characters needed to turn one into the other.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
