using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans.Binding;
using Tradeul.Scanner.Scans.Evaluation;
using Tradeul.Scanner.Scans.Syntax;

namespace Tradeul.Scanner.Scans;

/// <summary>
/// The scan language's entry point: parse (Parlot), check names and types against the catalog,
/// compile to column-wise instructions. Thread-safe.
/// </summary>
public static class ScanLanguage
{
    /// <summary>The functions a scan may call.</summary>
    public static IReadOnlyList<string> Functions => ScanFunctions.Names;

    /// <summary>Compiles <paramref name="definition"/>.</summary>
    /// <exception cref="ScanSyntaxException">Any mistake, with its kind, part, 1-based position and a message for people.</exception>
    public static CompiledScan Compile(ScanDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Limit is < 1 or > ScanDefinition.MaxLimit)
        {
            throw new ScanSyntaxException(ScanErrorKind.Limit,
                $"the limit must be 1 to {ScanDefinition.MaxLimit} rows (was {definition.Limit})", null, ScanPart.Limit);
        }
        var filterSyntax = InPart(ScanPart.Filter, () => ScanParser.Parse(definition.Filter ?? ""));
        var sortSyntax = InPart(ScanPart.Sort, () => ScanParser.Parse(definition.Sort ?? ""))
            ?? throw new ScanSyntaxException(ScanErrorKind.Syntax, "the sort is empty; give a number to rank by, e.g. change_percent", 1, ScanPart.Sort);
        var filter = filterSyntax is null ? null : InPart(ScanPart.Filter, () => ScanBinder.Bind(filterSyntax));
        var sort = InPart(ScanPart.Sort, () => ScanBinder.Bind(sortSyntax));
        if (filter is not null && filter.Type != ScanType.Condition)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type,
                $"the filter must be a condition (true or false) but is {ScanBinder.Describe(filter.Type)}, at {filterSyntax!.Position + 1}", filterSyntax.Position + 1, ScanPart.Filter);
        }
        if (sort.Type != ScanType.Number)
        {
            throw new ScanSyntaxException(ScanErrorKind.Type,
                $"the sort must be a number but is {ScanBinder.Describe(sort.Type)}, at {sortSyntax.Position + 1}", sortSyntax.Position + 1, ScanPart.Sort);
        }
        var normalized = definition with { Filter = ScanPrinter.Print(filterSyntax), Sort = ScanPrinter.Print(sortSyntax) };
        var fields = new SortedSet<int>();
        var conditions = 0;
        Walk(filter, fields, ref conditions);
        var ignored = 0;
        Walk(sort, fields, ref ignored);
        return new CompiledScan(normalized, IdOf(normalized), ScanCompiler.Compile(filter, sort),
            fields.Select(o => MetricCatalog.All[o]).ToArray(), conditions);
    }

    /// <summary>Like <see cref="Compile"/>, returning the error instead of throwing it.</summary>
    public static bool TryCompile(ScanDefinition definition, out CompiledScan? scan, out ScanSyntaxException? error)
    {
        try
        {
            scan = Compile(definition);
            error = null;
            return true;
        }
        catch (ScanSyntaxException ex)
        {
            scan = null;
            error = ex;
            return false;
        }
    }

    /// <summary>The canonical text of one expression (see the printer's rules); "" for an empty one.</summary>
    /// <exception cref="ScanSyntaxException">It does not parse.</exception>
    public static string Normalize(string expression) => ScanPrinter.Print(ScanParser.Parse(expression));

    /// <summary>
    /// The first 12 characters of the URL-safe base64 of SHA-256 over the normalised definition
    /// ("filter\nsort\ndesc|asc\nlimit"): 72 bits, so ids of different scans do not collide in practice.
    /// </summary>
    public static string IdOf(ScanDefinition normalized)
    {
        var text = string.Join('\n', normalized.Filter, normalized.Sort, normalized.Descending ? "desc" : "asc",
            normalized.Limit.ToString(CultureInfo.InvariantCulture));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Base64Url.EncodeToString(hash[..9]);
    }

    /// <summary>Runs one step of compiling <paramref name="part"/>; its error is said to be in that part.</summary>
    private static T InPart<T>(ScanPart part, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (ScanSyntaxException ex)
        {
            throw ex.In(part);
        }
    }

    private static void Walk(BoundExpression? expression, SortedSet<int> fields, ref int conditions)
    {
        switch (expression)
        {
            case BoundField f:
                fields.Add(f.Field.Ordinal);
                break;
            case BoundUnaryNumber u:
                Walk(u.Operand, fields, ref conditions);
                break;
            case BoundBinaryNumber b:
                Walk(b.Left, fields, ref conditions);
                Walk(b.Right, fields, ref conditions);
                break;
            case BoundCompare c:
                conditions++;
                Walk(c.Left, fields, ref conditions);
                Walk(c.Right, fields, ref conditions);
                break;
            case BoundTextCompare t:
                conditions++;
                fields.Add(t.Field.Ordinal);
                Walk(t.Other, fields, ref conditions);
                break;
            case BoundTextIn i:
                conditions++;
                fields.Add(i.Field.Ordinal);
                break;
            case BoundLogic l:
                Walk(l.Left, fields, ref conditions);
                Walk(l.Right, fields, ref conditions);
                break;
            case BoundNot n:
                Walk(n.Operand, fields, ref conditions);
                break;
        }
    }
}
