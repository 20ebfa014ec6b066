using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans.Syntax;

namespace Tradeul.Scanner.Scans.Binding;

/// <summary>
/// Resolves names against <see cref="MetricCatalog"/> and <see cref="ScanFunctions"/> and checks
/// types: numbers with numbers, text fields with quoted texts, conditions with and/or/not. This is
/// what makes the language sandboxed: a name is a catalog field or one of four functions, or an error.
/// </summary>
internal static class ScanBinder
{
    /// <exception cref="ScanSyntaxException">An unknown name or a type mismatch, with its position.</exception>
    public static BoundExpression Bind(ScanNode node) => node switch
    {
        NumberNode n => new BoundNumber(n.Value),
        TextNode t => new BoundText(t.Value),
        NameNode n => BindName(n),
        CallNode c => BindCall(c),
        UnaryNode { Operator: UnaryOperator.Negate } u => new BoundUnaryNumber(NumberFunction.Negate, Expect(Bind(u.Operand), ScanType.Number, $"'-' at {u.Position + 1} needs a number", u.Position + 1)),
        UnaryNode u => new BoundNot(Expect(Bind(u.Operand), ScanType.Condition, $"'not' at {u.Position + 1} needs a condition", u.Position + 1)),
        BinaryNode b => BindBinary(b),
        InNode i => BindIn(i),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Not a scan expression node."),
    };

    public static string Describe(ScanType type) => type switch
    {
        ScanType.Number => "a number",
        ScanType.Condition => "a condition",
        _ => "text",
    };

    private static BoundExpression BindName(NameNode n)
    {
        if (MetricCatalog.Find(n.Name) is { } field)
        {
            return new BoundField(field);
        }
        var at = n.Position + 1;
        if (ScanFunctions.Exists(n.Name))
        {
            throw new ScanSyntaxException(ScanErrorKind.Type, $"'{n.Name.ToLowerInvariant()}' at {at} is a function; call it with parentheses, e.g. abs(change_percent)", at);
        }
        var suggestion = NameSuggestions.Nearest(n.Name, MetricCatalog.All.Select(f => f.Name).Concat(ScanFunctions.Names));
        throw new ScanSyntaxException(ScanErrorKind.UnknownField,
            $"unknown field {ScanParser.Quote(n.Name)} at {at}" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"), at);
    }

    private static BoundExpression BindCall(CallNode c)
    {
        var at = c.Position + 1;
        var name = c.Name.ToLowerInvariant();
        if (!ScanFunctions.Exists(name))
        {
            if (MetricCatalog.Find(name) is not null)
            {
                throw new ScanSyntaxException(ScanErrorKind.Type, $"'{name}' at {at} is a field, not a function", at);
            }
            var suggestion = NameSuggestions.Nearest(name, ScanFunctions.Names);
            throw new ScanSyntaxException(ScanErrorKind.UnknownFunction,
                $"unknown function {ScanParser.Quote(c.Name)} at {at}" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"), at);
        }
        var count = c.Arguments.Count;
        var (arityOk, arity) = name switch
        {
            ScanFunctions.Abs => (count == 1, "1 argument"),
            ScanFunctions.Between => (count == 3, "3 arguments (value, low, high)"),
            _ => (count >= 2, "2 or more arguments"),
        };
        if (!arityOk)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type, $"{name} at {at} takes {arity}, not {count}", at);
        }
        var arguments = new BoundExpression[count];
        for (var k = 0; k < count; k++)
        {
            arguments[k] = Expect(Bind(c.Arguments[k]), ScanType.Number, $"argument {k + 1} of {name} at {c.Arguments[k].Position + 1} must be a number", c.Arguments[k].Position + 1);
        }
        switch (name)
        {
            case ScanFunctions.Abs:
                return new BoundUnaryNumber(NumberFunction.Abs, arguments[0]);
            case ScanFunctions.Between:
                return new BoundLogic(true,
                    new BoundCompare(BinaryOperator.GreaterOrEqual, arguments[0], arguments[1]),
                    new BoundCompare(BinaryOperator.LessOrEqual, arguments[0], arguments[2]));
            default:
                var function = name == ScanFunctions.Min ? NumberFunction.Min : NumberFunction.Max;
                var folded = arguments[0];
                for (var k = 1; k < count; k++)
                {
                    folded = new BoundBinaryNumber(function, folded, arguments[k]);
                }
                return folded;
        }
    }

    private static BoundExpression BindBinary(BinaryNode b)
    {
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        var symbol = ScanOperators.Symbol(b.Operator);
        var at = b.OperatorPosition + 1;
        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                Both(left, right, ScanType.Condition, $"'{symbol}' at {at} needs a condition on both sides", at);
                return new BoundLogic(b.Operator == BinaryOperator.And, left, right);
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide:
                Both(left, right, ScanType.Number, $"'{symbol}' at {at} needs numbers on both sides", at);
                return new BoundBinaryNumber(b.Operator switch
                {
                    BinaryOperator.Add => NumberFunction.Add,
                    BinaryOperator.Subtract => NumberFunction.Subtract,
                    BinaryOperator.Multiply => NumberFunction.Multiply,
                    _ => NumberFunction.Divide,
                }, left, right);
            case BinaryOperator.Equal or BinaryOperator.NotEqual when IsText(left.Type) || IsText(right.Type):
                return BindTextCompare(left, right, b.Operator == BinaryOperator.Equal, symbol, at);
            default:
                Both(left, right, ScanType.Number, $"'{symbol}' at {at} compares numbers", at);
                return new BoundCompare(b.Operator, left, right);
        }
    }

    private static BoundExpression BindTextCompare(BoundExpression left, BoundExpression right, bool equal, string symbol, int at)
    {
        if (left is BoundField { Field.IsText: true } field && right.Type is ScanType.TextLiteral or ScanType.TextField)
        {
            return new BoundTextCompare(field.Field, right, equal);
        }
        if (right is BoundField { Field.IsText: true } other && left.Type == ScanType.TextLiteral)
        {
            return new BoundTextCompare(other.Field, left, equal);
        }
        if (left.Type == ScanType.TextLiteral && right.Type == ScanType.TextLiteral)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type, $"'{symbol}' at {at} compares two quoted texts; one side must be a text field such as sector", at);
        }
        throw new ScanSyntaxException(ScanErrorKind.Type,
            $"'{symbol}' at {at} compares like with like; its left side is {Describe(left.Type)} and its right side {Describe(right.Type)}", at);
    }

    private static BoundExpression BindIn(InNode i)
    {
        var subject = Bind(i.Subject);
        var at = i.OperatorPosition + 1;
        if (subject is not BoundField { Field.IsText: true } field)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type,
                $"'in' at {at} needs a text field on its left, e.g. sector in (\"Technology\"); its left side is {Describe(subject.Type)}", at);
        }
        return new BoundTextIn(field.Field, i.Values.Select(v => v.Value).ToArray(), i.Negated);
    }

    private static bool IsText(ScanType type) => type is ScanType.TextField or ScanType.TextLiteral;

    private static void Both(BoundExpression left, BoundExpression right, ScanType type, string rule, int at)
    {
        if (left.Type != type)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type, $"{rule}; its left side is {Describe(left.Type)}", at);
        }
        if (right.Type != type)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type, $"{rule}; its right side is {Describe(right.Type)}", at);
        }
    }

    private static BoundExpression Expect(BoundExpression expression, ScanType type, string rule, int at)
    {
        if (expression.Type != type)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type, $"{rule}, not {Describe(expression.Type)}", at);
        }
        return expression;
    }
}
