namespace Tradeul.Scanner.Scans;

/// <summary>What kind of mistake a scan definition has.</summary>
public enum ScanErrorKind
{
    /// <summary>The text does not follow the grammar (unexpected token, missing parenthesis, …).</summary>
    Syntax,

    /// <summary>A name that is not a catalog field.</summary>
    UnknownField,

    /// <summary>A call of a function the language does not have.</summary>
    UnknownFunction,

    /// <summary>A number where text is needed, a condition where a number is needed, a wrong argument count, …</summary>
    Type,

    /// <summary>An expression longer than <see cref="ScanDefinition.MaxExpressionLength"/> characters.</summary>
    TooLong,

    /// <summary>Parentheses nested deeper than <see cref="ScanDefinition.MaxDepth"/> levels.</summary>
    TooDeep,

    /// <summary>A limit outside 1-<see cref="ScanDefinition.MaxLimit"/>.</summary>
    Limit,
}

/// <summary>Which part of a definition an error is in.</summary>
public enum ScanPart
{
    Filter,
    Sort,
    Limit,
}

/// <summary>
/// A scan definition that cannot be compiled, with a message for people, e.g.
/// "unknown field 'rvoll' at 1; did you mean 'rvol'?". Positions are 1-based character positions in
/// the part's text. Messages quote at most a short prefix of what was typed.
/// </summary>
public sealed class ScanSyntaxException : Exception
{
    public ScanSyntaxException(ScanErrorKind kind, string message, int? position, ScanPart part = ScanPart.Filter)
        : base(message)
    {
        Kind = kind;
        Position = position;
        Part = part;
    }

    public ScanErrorKind Kind { get; }

    /// <summary>1-based character position in the part's text; null when the error has no place (a limit).</summary>
    public int? Position { get; }

    public ScanPart Part { get; }

    /// <summary>The same error, said to be in <paramref name="part"/>.</summary>
    internal ScanSyntaxException In(ScanPart part) => part == Part ? this : new ScanSyntaxException(Kind, Message, Position, part);
}
