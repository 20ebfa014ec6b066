using System.Numerics;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Scans.Evaluation;

namespace Tradeul.Scanner.Scans;

/// <summary>
/// Runs compiled scans over a cycle's columns: the program's column loops, then the top rows by
/// sort key from the filter's rows (ties by symbol, ordinal; null keys left out). Keeps its scratch
/// columns, masks and selectors between calls, so an evaluation allocates nothing. With shared
/// results (what <see cref="ScanSet"/> uses), a comparison or number operation already computed in
/// this cycle by another scan is reused, not recomputed. One per thread.
/// </summary>
public sealed class ScanEvaluator
{
    private readonly ScanFrame _frame = new();
    private readonly SharedResults? _shared;
    private readonly SymbolOrder _order = new();
    private readonly Dictionary<int, TopNSelector> _selectors = [];

    /// <summary>An evaluator that computes every scan on its own.</summary>
    public ScanEvaluator()
        : this(shareResults: false)
    {
    }

    /// <param name="shareResults">Reuse results of identical comparisons and number operations between the scans of one cycle (<see cref="BeginCycle"/>).</param>
    public ScanEvaluator(bool shareResults)
    {
        _shared = shareResults ? new SharedResults() : null;
    }

    /// <summary>Distinct comparisons and number operations computed in the last cycle (0 without shared results).</summary>
    public int SharedCount => _shared?.Count ?? 0;

    /// <summary>Starts a cycle: results shared between scans are computed afresh from here on. Call it when the columns change.</summary>
    public void BeginCycle() => _shared?.BeginCycle();

    /// <summary>Evaluates <paramref name="scan"/> over <paramref name="columns"/> into <paramref name="into"/>.</summary>
    public void Evaluate(CompiledScan scan, MetricColumns columns, ScanMatches into)
    {
        var program = scan.Program;
        _frame.Begin(columns, program.NumberRegisters, program.MaskRegisters);
        var instructions = program.Instructions;
        for (var i = 0; i < instructions.Length; i++)
        {
            var instruction = instructions[i];
            if (_shared is not null && instruction.ShareKey is { } shareKey)
            {
                if (_shared.TryGet(shareKey, out var result))
                {
                    _frame.Alias(instruction, result);
                    continue;
                }
                _frame.Alias(instruction, _shared.Claim(shareKey, instruction.WritesMask, _frame.Rows));
            }
            instruction.Run(_frame);
        }
        var mask = _frame.Mask(program.FilterMask);
        var key = program.SortKey;
        var keys = key.IsConstant ? null : _frame.Numbers(key);
        var sign = scan.Definition.Descending ? 1.0 : -1.0;
        var selector = Selector(scan.Definition.Limit);
        _order.Symbols = columns.SymbolArray;
        selector.Clear();
        var matched = 0;
        var words = ColumnKernels.Words(columns.Count);
        for (var word = 0; word < words; word++)
        {
            var bits = mask[word];
            while (bits != 0)
            {
                var row = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var value = keys is null ? key.Constant : keys[row];
                if (double.IsNaN(value))
                {
                    continue;
                }
                matched++;
                selector.Offer(sign * value, row);
            }
        }
        into.Set(matched, selector.Drain(into.Buffer));
    }

    private TopNSelector Selector(int limit)
    {
        if (!_selectors.TryGetValue(limit, out var selector))
        {
            selector = new TopNSelector(limit, _order);
            _selectors[limit] = selector;
        }
        return selector;
    }

    /// <summary>Ties between equal keys go to the symbol first in ordinal order, whatever the snapshot's row order.</summary>
    private sealed class SymbolOrder : IComparer<int>
    {
        public string[] Symbols { get; set; } = [];

        public int Compare(int x, int y) => string.CompareOrdinal(Symbols[x], Symbols[y]);
    }
}
