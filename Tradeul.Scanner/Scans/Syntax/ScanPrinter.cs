using System.Text;

namespace Tradeul.Scanner.Scans.Syntax;

/// <summary>
/// The canonical text of an expression: names, keywords and quoted texts in lower case (text
/// comparisons ignore case), single spaces around binary operators, numbers written out in full
/// (<c>200k</c> prints <c>200000</c>), the values of an <c>in</c> list sorted and without repeats,
/// <c>=</c> printed <c>==</c>, and only the parentheses the grammar needs. So the same question
/// written with other spacing, case or redundant parentheses prints the same, and printing is a
/// fixed point: parsing the printed text and printing again gives the same text.
/// </summary>
internal static class ScanPrinter
{
    public static string Print(ScanNode? node)
    {
        if (node is null)
        {
            return "";
        }
        var builder = new StringBuilder();
        Write(builder, node, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder b, ScanNode node, int minimum)
    {
        var precedence = ScanOperators.Precedence(node);
        var wrap = precedence < minimum;
        if (wrap)
        {
            b.Append('(');
        }
        switch (node)
        {
            case NumberNode n:
                b.Append(ScanParser.FormatNumber(n.Value));
                break;
            case TextNode t:
                WriteText(b, t.Value);
                break;
            case NameNode n:
                b.Append(n.Name.ToLowerInvariant());
                break;
            case CallNode c:
                b.Append(c.Name.ToLowerInvariant()).Append('(');
                for (var i = 0; i < c.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(", ");
                    }
                    Write(b, c.Arguments[i], 0);
                }
                b.Append(')');
                break;
            case UnaryNode { Operator: UnaryOperator.Not } u:
                b.Append("not ");
                Write(b, u.Operand, precedence);
                break;
            case UnaryNode u:
                b.Append('-');
                Write(b, u.Operand, precedence);
                break;
            case BinaryNode bin:
                // Left-associative: a same-strength left side needs no parentheses, a right side does.
                // Comparisons do not chain, so either side of one at the same strength is wrapped.
                var comparison = ScanOperators.IsComparison(bin.Operator);
                Write(b, bin.Left, comparison ? precedence + 1 : precedence);
                b.Append(' ').Append(ScanOperators.Symbol(bin.Operator)).Append(' ');
                Write(b, bin.Right, precedence + 1);
                break;
            case InNode inNode:
                Write(b, inNode.Subject, precedence + 1);
                b.Append(inNode.Negated ? " not in (" : " in (");
                var first = true;
                foreach (var value in inNode.Values.Select(v => v.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        b.Append(", ");
                    }
                    first = false;
                    WriteText(b, value);
                }
                b.Append(')');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Not a scan expression node.");
        }
        if (wrap)
        {
            b.Append(')');
        }
    }

    private static void WriteText(StringBuilder b, string value)
    {
        b.Append('"');
        foreach (var c in value.ToLowerInvariant())
        {
            if (c is '"' or '\\')
            {
                b.Append('\\');
            }
            b.Append(c);
        }
        b.Append('"');
    }
}
