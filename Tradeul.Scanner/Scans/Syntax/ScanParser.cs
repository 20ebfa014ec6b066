using System.Globalization;
using Parlot;
using Parlot.Fluent;
using static Parlot.Fluent.Parsers;

namespace Tradeul.Scanner.Scans.Syntax;

/// <summary>
/// Parses one expression of the scan language into a <see cref="ScanNode"/> tree, with Parlot.
/// Grammar, loosest first (keywords and names case-insensitive):
/// <code>
/// or         = and ("or" and)*
/// and        = not ("and" not)*
/// not        = "not"* comparison
/// comparison = sum (("&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "=" | "!=") sum | "not"? "in" "(" text ("," text)* ")")?
/// sum        = product (("+" | "-") product)*
/// product    = unary (("*" | "/") unary)*
/// unary      = "-"* primary
/// primary    = number | text | name "(" [or ("," or)*] ")" | name | "(" or ")"
/// number     = digits ["." digits] [exponent] ["k" | "K" | "m" | "M" | "b" | "B"]
/// text       = '"' … '"' | "'" … "'"
/// </code>
/// Prefix operators and operator chains are loops, not recursion; only parentheses recurse, and
/// their depth is checked on the raw text before Parlot sees it, so no input can exhaust the stack.
/// Thread-safe: the grammar is built once and holds no state.
/// </summary>
internal static class ScanParser
{
    private const string ExpectedValue = "a field, a number, a text in quotes, a function call or '('";
    private const string ExpectedAfterValue = "an operator, 'and', 'or' or the end of the expression";

    private static readonly Parser<ScanNode> Grammar = Build();

    /// <summary>Parses <paramref name="text"/>; null when it is empty or blank.</summary>
    /// <exception cref="ScanSyntaxException">Too long, too deep, or not following the grammar.</exception>
    public static ScanNode? Parse(string text)
    {
        CheckDepth(text);
        if (text.Length > ScanDefinition.MaxExpressionLength)
        {
            throw new ScanSyntaxException(ScanErrorKind.TooLong, string.Create(CultureInfo.InvariantCulture,
                $"the expression is {text.Length:N0} characters long; the limit is {ScanDefinition.MaxExpressionLength:N0}"), null);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var context = new ParseContext(new Parlot.Scanner(text));
        if (!Grammar.TryParse(context, out var node, out var error))
        {
            var at = error is null ? SkipBlanks(text, 0) : SkipBlanks(text, error.Position.Offset);
            throw Unexpected(text, at, error?.Message ?? ExpectedValue);
        }
        var end = SkipBlanks(text, context.Scanner.Cursor.Position.Offset);
        if (end < text.Length)
        {
            throw Unexpected(text, end, ExpectedAfterValue);
        }
        return node;
    }

    /// <summary>Parentheses outside quotes, counted before parsing: a 10,000-deep nest gets this error, not a stack overflow.</summary>
    private static void CheckDepth(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    if (++depth > ScanDefinition.MaxDepth)
                    {
                        throw new ScanSyntaxException(ScanErrorKind.TooDeep,
                            $"parentheses nest deeper than {ScanDefinition.MaxDepth} levels at {i + 1}", i + 1);
                    }
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '"' or '\'':
                    i = SkipQuoted(text, i);
                    break;
            }
        }
    }

    private static int SkipQuoted(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == text[open])
            {
                return i;
            }
        }
        return text.Length;
    }

    private static int SkipBlanks(string text, int offset)
    {
        while (offset < text.Length && char.IsWhiteSpace(text[offset]))
        {
            offset++;
        }
        return offset;
    }

    private static ScanSyntaxException Unexpected(string text, int offset, string expected) =>
        new(ScanErrorKind.Syntax, $"unexpected {Describe(text, offset)} at {offset + 1}; expected {expected}", offset + 1);

    /// <summary>The token at <paramref name="offset"/>, quoted and cut to a short prefix.</summary>
    internal static string Describe(string text, int offset)
    {
        if (offset >= text.Length)
        {
            return "end of expression";
        }
        var c = text[offset];
        var end = offset + 1;
        if (char.IsLetterOrDigit(c) || c is '_' or '$' or '.')
        {
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '$' or '.'))
            {
                end++;
            }
        }
        else if (c is '"' or '\'')
        {
            end = Math.Min(text.Length, SkipQuoted(text, offset) + 1);
        }
        else if (end < text.Length && text[end] == '=' && c is '<' or '>' or '=' or '!')
        {
            end++;
        }
        return Quote(text[offset..end]);
    }

    internal static string Quote(string token) => token.Length <= 24 ? $"'{token}'" : $"'{token[..24]}…'";

    private static bool IsKeyword(ReadOnlySpan<char> name) =>
        name.Equals("and", StringComparison.OrdinalIgnoreCase) || name.Equals("or", StringComparison.OrdinalIgnoreCase)
        || name.Equals("not", StringComparison.OrdinalIgnoreCase) || name.Equals("in", StringComparison.OrdinalIgnoreCase);

    private static Parser<int> Keyword(string word) =>
        Terms.Identifier().When((_, span) => span.Span.Equals(word, StringComparison.OrdinalIgnoreCase)).Then((_, start, _, _) => start);

    private static Parser<(BinaryOperator Op, int At)> Operator(string symbol, BinaryOperator op) =>
        Terms.Text(symbol).Then((_, start, _, _) => (op, start));

    private static Parser<ScanNode> Build()
    {
        var expression = Deferred<ScanNode>();

        var number = Terms.Number<decimal>(NumberOptions.Float)
            .And(ZeroOrOne(Literals.Pattern(static c => c is 'k' or 'K' or 'm' or 'M' or 'b' or 'B', 1, 1)))
            .Then<ScanNode>(static (_, start, _, value) => new NumberNode(Scale(value.Item1, value.Item2.Count == 0 ? default : value.Item2[0].Span, start), start));
        var text = Terms.String().Then(static (_, start, _, value) => new TextNode(value.ToString(), start));
        var name = Terms.Identifier().When(static (_, span) => !IsKeyword(span.Span));

        var comma = Terms.Char(',');
        var open = Terms.Char('(');
        var close = Terms.Char(')');
        // "f()" parses (the binder then says what f takes); "f(" must be followed by a value or ")".
        var argumentList = expression.ElseError(ExpectedValue)
            .And(ZeroOrMany(comma.SkipAnd(expression.ElseError(ExpectedValue))))
            .AndSkip(close.ElseError("',' or ')'"))
            .Then(static parts => (IReadOnlyList<ScanNode>)[parts.Item1, .. parts.Item2]);
        var arguments = open.SkipAnd(close.Then(static _ => (IReadOnlyList<ScanNode>)[]).Or(argumentList));
        var nameOrCall = name.And(ZeroOrOne(arguments)).Then<ScanNode>(static (_, start, _, parts) => parts.Item2.Count > 0
            ? new CallNode(parts.Item1.ToString(), parts.Item2[0], start)
            : new NameNode(parts.Item1.ToString(), start));
        var group = open.SkipAnd(expression.ElseError(ExpectedValue)).AndSkip(close.ElseError("')'"));
        var primary = number.Or(text.Then<ScanNode>(static t => t)).Or(nameOrCall).Or(group);

        var minus = Terms.Char('-').Then(static (_, start, _, _) => start);
        var negated = OneOrMany(minus).And(primary.ElseError(ExpectedValue)).Then(static parts => Prefix(parts.Item1, parts.Item2, UnaryOperator.Negate));
        var unary = negated.Or(primary);

        var product = LeftAssociative(unary, Operator("*", BinaryOperator.Multiply).Or(Operator("/", BinaryOperator.Divide)));
        var sum = LeftAssociative(product, Operator("+", BinaryOperator.Add).Or(Operator("-", BinaryOperator.Subtract)));

        var comparisonOperator = Operator("<=", BinaryOperator.LessOrEqual)
            .Or(Operator(">=", BinaryOperator.GreaterOrEqual))
            .Or(Operator("==", BinaryOperator.Equal))
            .Or(Operator("!=", BinaryOperator.NotEqual))
            .Or(Operator("<", BinaryOperator.Less))
            .Or(Operator(">", BinaryOperator.Greater))
            .Or(Operator("=", BinaryOperator.Equal));
        var comparisonTail = comparisonOperator.And(sum.ElseError(ExpectedValue))
            .Then(static parts => new Func<ScanNode, ScanNode>(left => new BinaryNode(parts.Item1.Op, left, parts.Item2, parts.Item1.At)));
        var textList = open.ElseError("'('")
            .SkipAnd(text.ElseError("a text in quotes"))
            .And(ZeroOrMany(comma.SkipAnd(text.ElseError("a text in quotes"))))
            .AndSkip(close.ElseError("',' or ')'"))
            .Then(static parts => (IReadOnlyList<TextNode>)[parts.Item1, .. parts.Item2]);
        var inTail = Keyword("not").And(Keyword("in")).Then(static parts => (Negated: true, At: parts.Item1))
            .Or(Keyword("in").Then(static at => (Negated: false, At: at)))
            .And(textList)
            .Then(static parts => new Func<ScanNode, ScanNode>(subject => new InNode(subject, parts.Item2, parts.Item1.Negated, parts.Item1.At)));
        var comparison = sum.And(ZeroOrOne(comparisonTail.Or(inTail)))
            .Then(static parts => parts.Item2.Count > 0 ? parts.Item2[0](parts.Item1) : parts.Item1);

        var notKeyword = Keyword("not");
        var negation = OneOrMany(notKeyword).And(comparison.ElseError(ExpectedValue)).Then(static parts => Prefix(parts.Item1, parts.Item2, UnaryOperator.Not))
            .Or(comparison);
        var conjunction = LeftAssociative(negation, Keyword("and").Then(static at => (BinaryOperator.And, at)));
        var disjunction = LeftAssociative(conjunction, Keyword("or").Then(static at => (BinaryOperator.Or, at)));
        expression.Parser = disjunction;
        return expression;
    }

    /// <summary><c>operand (op operand)*</c>, folded to the left; an operator must be followed by an operand.</summary>
    private static Parser<ScanNode> LeftAssociative(Parser<ScanNode> operand, Parser<(BinaryOperator Op, int At)> op) =>
        operand.And(ZeroOrMany(op.And(operand.ElseError(ExpectedValue)))).Then(static parts =>
        {
            var node = parts.Item1;
            foreach (var ((kind, at), right) in parts.Item2)
            {
                node = new BinaryNode(kind, node, right, at);
            }
            return node;
        });

    /// <summary>Prefix operators applied innermost first, so "- - x" is Negate(Negate(x)).</summary>
    private static ScanNode Prefix(IReadOnlyList<int> positions, ScanNode operand, UnaryOperator op)
    {
        for (var k = positions.Count - 1; k >= 0; k--)
        {
            operand = new UnaryNode(op, operand, positions[k]);
        }
        return operand;
    }

    /// <summary>The number times its suffix (k thousand, M million, B billion; either case), exactly in decimal.</summary>
    private static double Scale(decimal value, ReadOnlySpan<char> suffix, int start)
    {
        var factor = suffix.Length == 0 ? 1m : char.ToLowerInvariant(suffix[0]) switch
        {
            'k' => 1_000m,
            'm' => 1_000_000m,
            _ => 1_000_000_000m,
        };
        try
        {
            return (double)(value * factor);
        }
        catch (OverflowException)
        {
            throw new ScanSyntaxException(ScanErrorKind.Syntax,
                $"the number at {start + 1} is too large", start + 1);
        }
    }

    internal static string FormatNumber(double value) =>
        value == 0 ? "0"
        : Math.Abs(value) < 1e15 && Math.Floor(value) == value ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);
}
