using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans.Evaluation;

namespace Tradeul.Scanner.Scans;

/// <summary>
/// A checked, compiled scan (<see cref="ScanLanguage.Compile"/>): its normalised definition, its id,
/// and the column-wise program that evaluates it over one cycle's <see cref="MetricColumns"/>.
/// Immutable and thread-safe; evaluation state lives in a <see cref="ScanEvaluator"/>.
/// </summary>
public sealed class CompiledScan
{
    internal CompiledScan(ScanDefinition normalized, string id, ScanProgram program, IReadOnlyList<MetricField> fields, int conditions)
    {
        Definition = normalized;
        Id = id;
        Program = program;
        Fields = fields;
        Conditions = conditions;
    }

    /// <summary>URL-safe id from the normalised definition: the same question gets the same id however it was written.</summary>
    public string Id { get; }

    /// <summary>The definition with filter and sort in their canonical text.</summary>
    public ScanDefinition Definition { get; }

    /// <summary>Catalog fields the filter and sort read, in catalog order.</summary>
    public IReadOnlyList<MetricField> Fields { get; }

    /// <summary>Comparisons and text tests in the filter (a between counts two): the unit of the benchmark's ns per row and condition.</summary>
    public int Conditions { get; }

    internal ScanProgram Program { get; }

    /// <summary>Evaluates once over <paramref name="columns"/> with a fresh evaluator (allocates: for tests and one-off previews).</summary>
    public ScanMatches Evaluate(MetricColumns columns)
    {
        var matches = new ScanMatches(Id, Definition.Limit);
        new ScanEvaluator().Evaluate(this, columns, matches);
        return matches;
    }
}
