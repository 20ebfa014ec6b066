using System.Globalization;
using System.Text;
using Tradeul.Scanner.Catalog;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scans;

/// <summary>
/// Random scan expressions, each with its own straightforward meaning written here row by row in
/// plain C# (no code shared with the parser or the compiler), and random columns to run them on.
/// </summary>
internal static class RandomScans
{
    private static readonly MetricField[] Numbers =
    [
        MetricCatalog.Price, MetricCatalog.Volume, MetricCatalog.ChangePercent, MetricCatalog.Rvol, MetricCatalog.GapPercent,
        MetricCatalog.Change5MinPercent, MetricCatalog.Volume5Min, MetricCatalog.MarketCap, MetricCatalog.FloatRotation,
    ];

    private static readonly MetricField[] Texts = [MetricCatalog.Sector, MetricCatalog.Exchange];

    private static readonly string[] TextValues = ["Technology", "Healthcare", "Energy", "XNAS", "XNYS", "Nothing"];

    private static readonly (double Value, string Text)[] Constants =
        [(0, "0"), (1, "1"), (2.5, "2.5"), (3, "3"), (100, "100"), (0.5, "0.5"), (1_000, "1k"), (2_000_000, "2M"), (-1, "-1")];

    public delegate double NumberMeaning(MetricColumns columns, int row);

    public delegate bool ConditionMeaning(MetricColumns columns, int row);

    public static (string Text, NumberMeaning Meaning) Number(Random random, int depth)
    {
        if (depth <= 0 || random.NextDouble() < 0.35)
        {
            if (random.NextDouble() < 0.6)
            {
                var field = Numbers[random.Next(Numbers.Length)];
                return (field.Name, (c, r) => c.Number(field, r));
            }
            var (value, text) = Constants[random.Next(Constants.Length)];
            return (text, (_, _) => value);
        }
        switch (random.Next(7))
        {
            case 0:
            case 1:
            {
                var (a, fa) = Number(random, depth - 1);
                var (b, fb) = Number(random, depth - 1);
                var op = "+-*/"[random.Next(4)];
                NumberMeaning meaning = op switch
                {
                    '+' => (c, r) => fa(c, r) + fb(c, r),
                    '-' => (c, r) => fa(c, r) - fb(c, r),
                    '*' => (c, r) => fa(c, r) * fb(c, r),
                    _ => (c, r) => fb(c, r) == 0 ? double.NaN : fa(c, r) / fb(c, r),
                };
                return ($"({a} {op} {b})", meaning);
            }
            case 2:
            {
                var (a, fa) = Number(random, depth - 1);
                return ($"abs({a})", (c, r) => Math.Abs(fa(c, r)));
            }
            case 3:
            case 4:
            {
                var max = random.Next(2) == 0;
                var arguments = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Number(random, depth - 1)).ToArray();
                return ($"{(max ? "max" : "min")}({string.Join(", ", arguments.Select(a => a.Text))})", (c, r) =>
                {
                    var values = arguments.Select(a => a.Meaning(c, r)).ToArray();
                    return values.Any(double.IsNaN) ? double.NaN : max ? values.Max() : values.Min();
                });
            }
            case 5:
            {
                var (a, fa) = Number(random, depth - 1);
                return ($"-({a})", (c, r) => -fa(c, r));
            }
            default:
            {
                var (a, fa) = Number(random, depth - 1);
                return ($"({a})", fa);
            }
        }
    }

    public static (string Text, ConditionMeaning Meaning) Condition(Random random, int depth)
    {
        if (depth <= 0 || random.NextDouble() < 0.3)
        {
            return Leaf(random, depth);
        }
        switch (random.Next(4))
        {
            case 0:
            {
                var (a, fa) = Condition(random, depth - 1);
                var (b, fb) = Condition(random, depth - 1);
                return ($"({a} and {b})", (c, r) => fa(c, r) && fb(c, r));
            }
            case 1:
            {
                var (a, fa) = Condition(random, depth - 1);
                var (b, fb) = Condition(random, depth - 1);
                return ($"({a} or {b})", (c, r) => fa(c, r) || fb(c, r));
            }
            case 2:
            {
                var (a, fa) = Condition(random, depth - 1);
                return ($"not ({a})", (c, r) => !fa(c, r));
            }
            default:
                return Leaf(random, depth);
        }
    }

    private static (string Text, ConditionMeaning Meaning) Leaf(Random random, int depth)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                var field = Texts[random.Next(Texts.Length)];
                var value = TextValues[random.Next(TextValues.Length)];
                var equal = random.Next(2) == 0;
                // Null is neither equal nor unequal; case does not matter.
                return ($"{field.Name} {(equal ? "==" : "!=")} \"{Recase(random, value)}\"", (c, r) =>
                    c.Text(field, r) is { } text && string.Equals(text, value, StringComparison.OrdinalIgnoreCase) == equal);
            }
            case 1:
            {
                var field = Texts[random.Next(Texts.Length)];
                var values = Enumerable.Range(0, random.Next(1, 4)).Select(_ => TextValues[random.Next(TextValues.Length)]).ToArray();
                var negated = random.Next(2) == 0;
                var list = string.Join(", ", values.Select(v => $"'{Recase(random, v)}'"));
                return ($"{field.Name} {(negated ? "not in" : "in")} ({list})", (c, r) =>
                    c.Text(field, r) is { } text && values.Contains(text, StringComparer.OrdinalIgnoreCase) != negated);
            }
            case 2:
            {
                var (x, fx) = Number(random, depth - 1);
                var (lo, flo) = Number(random, depth - 1);
                var (hi, fhi) = Number(random, depth - 1);
                return ($"between({x}, {lo}, {hi})", (c, r) => fx(c, r) >= flo(c, r) && fx(c, r) <= fhi(c, r));
            }
            default:
            {
                var (a, fa) = Number(random, depth - 1);
                var (b, fb) = Number(random, depth - 1);
                var op = new[] { "<", "<=", ">", ">=", "==", "!=" }[random.Next(6)];
                Func<double, double, bool> compare = op switch
                {
                    "<" => (x, y) => x < y,
                    "<=" => (x, y) => x <= y,
                    ">" => (x, y) => x > y,
                    ">=" => (x, y) => x >= y,
                    "==" => (x, y) => x == y,
                    _ => (x, y) => !double.IsNaN(x) && !double.IsNaN(y) && x != y,
                };
                return ($"{a} {op} {b}", (c, r) => compare(fa(c, r), fb(c, r)));
            }
        }
    }

    /// <summary>The same expression with other letter case and spacing outside quotes, maybe in parentheses.</summary>
    public static string Respell(Random random, string text)
    {
        var b = new StringBuilder();
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            b.Append(quote is null && char.IsLetter(c) && random.Next(3) == 0 ? char.ToUpperInvariant(c) : c);
            if (quote is null && c == ' ' && random.Next(3) == 0)
            {
                b.Append("  ");
            }
        }
        return random.Next(2) == 0 ? $"( {b} )" : b.ToString();
    }

    private static string Recase(Random random, string value) => random.Next(3) switch
    {
        0 => value.ToUpperInvariant(),
        1 => value.ToLowerInvariant(),
        _ => value,
    };

    /// <summary>
    /// <paramref name="rows"/> rows of random values: a tenth of each number column null, values on a
    /// coarse grid so keys tie, zeros for division, texts from a few values or null, symbols in an order
    /// unrelated to the rows.
    /// </summary>
    public static MetricColumns Columns(Random random, int rows)
    {
        var columns = new MetricColumns(rows);
        columns.Reset(rows, new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero), MarketSession.MarketOpen);
        var symbols = Enumerable.Range(0, rows).Select(i => $"S{i:D5}").OrderBy(_ => random.Next()).ToArray();
        for (var row = 0; row < rows; row++)
        {
            columns.SetSymbol(row, symbols[row]);
            foreach (var field in MetricCatalog.All)
            {
                if (field.IsText)
                {
                    var pick = random.Next(TextValues.Length + 1);
                    columns.SetText(field, row, pick == TextValues.Length ? null : TextValues[pick]);
                }
                else
                {
                    columns.SetNumber(field, row, random.NextDouble() < 0.1 ? double.NaN : Math.Round(random.NextDouble() * 8 - 2, 1) * (random.Next(4) == 0 ? 1_000 : 1));
                }
            }
        }
        return columns;
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
