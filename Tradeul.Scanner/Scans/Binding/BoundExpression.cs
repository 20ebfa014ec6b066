using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans.Syntax;

namespace Tradeul.Scanner.Scans.Binding;

internal enum ScanType
{
    Number,
    Condition,
    /// <summary>A text field.</summary>
    TextField,
    /// <summary>A quoted text: only the other side of a text field's comparison.</summary>
    TextLiteral,
}

/// <summary>A checked expression: every name resolved to a catalog field or a function, every type known.</summary>
internal abstract record BoundExpression(ScanType Type);

internal sealed record BoundNumber(double Value) : BoundExpression(ScanType.Number);

internal sealed record BoundText(string Value) : BoundExpression(ScanType.TextLiteral);

internal sealed record BoundField(MetricField Field) : BoundExpression(Field.IsText ? ScanType.TextField : ScanType.Number);

internal enum NumberFunction
{
    Negate,
    Abs,
    Add,
    Subtract,
    Multiply,
    Divide,
    Min,
    Max,
}

/// <summary>Negate or abs of one operand.</summary>
internal sealed record BoundUnaryNumber(NumberFunction Function, BoundExpression Operand) : BoundExpression(ScanType.Number);

/// <summary>+ - * /, or min/max of two or more operands (folded pairwise).</summary>
internal sealed record BoundBinaryNumber(NumberFunction Function, BoundExpression Left, BoundExpression Right) : BoundExpression(ScanType.Number);

/// <summary>A comparison of two numbers: false when either is null.</summary>
internal sealed record BoundCompare(BinaryOperator Operator, BoundExpression Left, BoundExpression Right) : BoundExpression(ScanType.Condition);

/// <summary>A text field == or != a quoted text or another text field: false when a field is null.</summary>
internal sealed record BoundTextCompare(MetricField Field, BoundExpression Other, bool Equal) : BoundExpression(ScanType.Condition);

/// <summary>A text field in (or not in) a list: false when the field is null.</summary>
internal sealed record BoundTextIn(MetricField Field, IReadOnlyList<string> Values, bool Negated) : BoundExpression(ScanType.Condition);

/// <summary>and / or.</summary>
internal sealed record BoundLogic(bool And, BoundExpression Left, BoundExpression Right) : BoundExpression(ScanType.Condition);

internal sealed record BoundNot(BoundExpression Operand) : BoundExpression(ScanType.Condition);
