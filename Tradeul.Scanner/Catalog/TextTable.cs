namespace Tradeul.Scanner.Catalog;

/// <summary>
/// The values of the text fields (sectors, exchanges, sessions) as small integer codes, so a text
/// column is an <c>int[]</c> and a comparison compares integers. Codes are stable for the life of
/// the table and case-insensitive: "technology" and "Technology" share one code, which is why text
/// comparisons ignore case. The first spelling seen is the one <see cref="ValueOf"/> returns. It holds
/// only what reference data and the calendar produce (a few dozen values), so it is not trimmed.
/// </summary>
public sealed class TextTable
{
    /// <summary>The code of a null (unknown) value.</summary>
    public const int Null = -1;

    /// <summary>The code of a value the table has never seen: equal to no row.</summary>
    public const int Absent = -2;

    private readonly Dictionary<string, int> _codes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _values = [];

    public int Count => _values.Count;

    /// <summary>The code of <paramref name="value"/>, adding it when new; <see cref="Null"/> for null or empty.</summary>
    public int CodeOf(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Null;
        }
        if (!_codes.TryGetValue(value, out var code))
        {
            code = _values.Count;
            _values.Add(value);
            _codes[value] = code;
        }
        return code;
    }

    /// <summary>The code of <paramref name="value"/> without adding it: <see cref="Absent"/> when unknown.</summary>
    public int Find(string value) => _codes.GetValueOrDefault(value, Absent);

    /// <summary>The value of <paramref name="code"/>; null for <see cref="Null"/> or any code not in the table.</summary>
    public string? ValueOf(int code) => code >= 0 && code < _values.Count ? _values[code] : null;
}
