namespace Tradeul.Scanner.Scans.Syntax;

/// <summary>A parsed expression, as written (names not yet resolved). <see cref="Position"/> is where it starts, 0-based.</summary>
internal abstract record ScanNode(int Position);

internal sealed record NumberNode(double Value, int Position) : ScanNode(Position);

internal sealed record TextNode(string Value, int Position) : ScanNode(Position);

/// <summary>A bare name: a field (or a mistake the binder reports).</summary>
internal sealed record NameNode(string Name, int Position) : ScanNode(Position);

internal sealed record CallNode(string Name, IReadOnlyList<ScanNode> Arguments, int Position) : ScanNode(Position);

internal enum UnaryOperator
{
    Negate,
    Not,
}

internal sealed record UnaryNode(UnaryOperator Operator, ScanNode Operand, int Position) : ScanNode(Position);

internal enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>A binary operation; it starts where its left side does, its operator is at <paramref name="OperatorPosition"/>.</summary>
internal sealed record BinaryNode(BinaryOperator Operator, ScanNode Left, ScanNode Right, int OperatorPosition) : ScanNode(Left.Position);

/// <summary><c>subject in ("a", "b")</c>, or <c>not in</c> when <paramref name="Negated"/>.</summary>
internal sealed record InNode(ScanNode Subject, IReadOnlyList<TextNode> Values, bool Negated, int OperatorPosition) : ScanNode(Subject.Position);

internal static class ScanOperators
{
    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>Binding strength: or 1, and 2, not 3, comparisons and in 4, + - 5, * / 6, unary minus 7, atoms 8.</summary>
    public static int Precedence(ScanNode node) => node switch
    {
        BinaryNode { Operator: BinaryOperator.Or } => 1,
        BinaryNode { Operator: BinaryOperator.And } => 2,
        UnaryNode { Operator: UnaryOperator.Not } => 3,
        BinaryNode { Operator: >= BinaryOperator.Equal and <= BinaryOperator.GreaterOrEqual } or InNode => 4,
        BinaryNode { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => 5,
        BinaryNode => 6,
        UnaryNode => 7,
        _ => 8,
    };

    public static bool IsComparison(BinaryOperator op) => op is >= BinaryOperator.Equal and <= BinaryOperator.GreaterOrEqual;

    public static bool IsArithmetic(BinaryOperator op) => op >= BinaryOperator.Add;
}
