namespace Tradeul.Scanner.Scans;

/// <summary>
/// A scan as a trader writes it: which tickers (<paramref name="Filter"/>, a condition; empty means
/// every ticker), in what order (<paramref name="Sort"/>, a number; highest first when
/// <paramref name="Descending"/>), and how many rows (<paramref name="Limit"/>, 1-200).
/// </summary>
public sealed record ScanDefinition(string Filter, string Sort, bool Descending = true, int Limit = 50)
{
    /// <summary>Longest filter or sort expression, in characters.</summary>
    public const int MaxExpressionLength = 2_000;

    /// <summary>Deepest nesting of parentheses (groups and function calls) in an expression.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most rows a scan returns.</summary>
    public const int MaxLimit = 200;
}
