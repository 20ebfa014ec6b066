using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Catalog;

/// <summary>
/// One cycle's values of every catalog field for every ticker of the snapshot, column by column:
/// a <c>double[]</c> per number field (NaN = null) and an <c>int[]</c> of <see cref="TextTable"/>
/// codes per text field (<see cref="TextTable.Null"/> = null). Row <c>i</c> is row <c>i</c> of the
/// snapshot. The engine refills the same arrays every cycle, so what is read here is valid until
/// the next cycle; scans evaluate over it (<see cref="Scans.ScanSet"/>). Not thread-safe.
/// </summary>
public sealed class MetricColumns
{
    private readonly double[][] _numbers = new double[MetricCatalog.All.Count][];
    private readonly int[][] _codes = new int[MetricCatalog.All.Count][];
    private string[] _symbols = [];

    public MetricColumns(int capacity = 0)
    {
        Allocate(capacity);
    }

    /// <summary>Rows of the current cycle.</summary>
    public int Count { get; private set; }

    /// <summary>The snapshot's as-of time.</summary>
    public DateTimeOffset AsOf { get; private set; }

    public MarketSession Session { get; private set; }

    /// <summary>Codes of the text columns; stable across cycles.</summary>
    public TextTable Texts { get; } = new();

    /// <summary>Starts a cycle of <paramref name="count"/> rows, growing the columns when needed (their old values stay until overwritten).</summary>
    public void Reset(int count, DateTimeOffset asOf, MarketSession session)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_symbols.Length < count)
        {
            Allocate(count + count / 8);
        }
        Count = count;
        AsOf = asOf;
        Session = session;
    }

    public ReadOnlySpan<double> Numbers(MetricField field) => NumberArray(field).AsSpan(0, Count);

    public ReadOnlySpan<int> Codes(MetricField field) => CodeArray(field).AsSpan(0, Count);

    public string Symbol(int row) => _symbols[CheckRow(row)];

    public double Number(MetricField field, int row) => NumberArray(field)[CheckRow(row)];

    /// <summary>The text of a text field at a row; null when unknown.</summary>
    public string? Text(MetricField field, int row) => Texts.ValueOf(CodeArray(field)[CheckRow(row)]);

    public void SetSymbol(int row, string symbol) => _symbols[CheckRow(row)] = symbol;

    public void SetNumber(MetricField field, int row, double value) => NumberArray(field)[CheckRow(row)] = value;

    public void SetText(MetricField field, int row, string? value) => CodeArray(field)[CheckRow(row)] = Texts.CodeOf(value);

    /// <summary>The whole backing array (longer than <see cref="Count"/>): the evaluator's vector loops read it directly.</summary>
    internal double[] NumberArray(MetricField field) =>
        _numbers[field.Ordinal] ?? throw new ArgumentException($"'{field.Name}' is a text field.", nameof(field));

    internal int[] CodeArray(MetricField field) =>
        _codes[field.Ordinal] ?? throw new ArgumentException($"'{field.Name}' is a number field.", nameof(field));

    internal string[] SymbolArray => _symbols;

    private int CheckRow(int row) => (uint)row < (uint)Count ? row : throw new ArgumentOutOfRangeException(nameof(row), row, $"Rows are 0 to {Count - 1}.");

    private void Allocate(int capacity)
    {
        foreach (var field in MetricCatalog.All)
        {
            if (field.IsText)
            {
                var codes = new int[capacity];
                _codes[field.Ordinal]?.AsSpan(0, Math.Min(Count, capacity)).CopyTo(codes);
                _codes[field.Ordinal] = codes;
            }
            else
            {
                var numbers = new double[capacity];
                _numbers[field.Ordinal]?.AsSpan(0, Math.Min(Count, capacity)).CopyTo(numbers);
                _numbers[field.Ordinal] = numbers;
            }
        }
        var symbols = new string[capacity];
        _symbols.AsSpan(0, Math.Min(Count, capacity)).CopyTo(symbols);
        _symbols = symbols;
    }
}
