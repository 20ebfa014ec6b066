using Tradeul.Scanner.Catalog;

namespace Tradeul.Scanner.Scans.Evaluation;

internal enum OperandKind
{
    Field,
    Register,
    Constant,
}

/// <summary>Where an instruction reads a number column: a catalog column, a scratch register, or one constant for every row.</summary>
internal readonly record struct NumberOperand(OperandKind Kind, int Index, double Constant)
{
    public static NumberOperand Of(MetricField field) => new(OperandKind.Field, field.Ordinal, 0);

    public static NumberOperand Register(int register) => new(OperandKind.Register, register, 0);

    public static NumberOperand Of(double constant) => new(OperandKind.Constant, -1, constant);

    public bool IsConstant => Kind == OperandKind.Constant;
}

/// <summary>
/// The working memory of evaluations: the cycle's columns plus scratch number columns and bit
/// masks (registers), grown to the largest scan and the largest snapshot seen, then reused, so an
/// evaluation allocates nothing. A register may for one scan point at a result shared with other
/// scans (<see cref="SharedResults"/>) instead of its own array; <see cref="Begin"/> points every
/// register back at its own. One per evaluating thread.
/// </summary>
internal sealed class ScanFrame
{
    private double[][] _ownNumbers = [];
    private ulong[][] _ownMasks = [];
    private double[][] _numbers = [];
    private ulong[][] _masks = [];
    private ulong[] _members = [];
    private int _rows;

    public MetricColumns Columns { get; private set; } = new();

    public int Count { get; private set; }

    /// <summary>Rows the registers hold (at least <see cref="Count"/>).</summary>
    public int Rows => _rows;

    public void Begin(MetricColumns columns, int numberRegisters, int maskRegisters)
    {
        Columns = columns;
        Count = columns.Count;
        if (_rows < Count)
        {
            // Every register is reallocated for the larger snapshot; none keeps a stale size.
            _rows = Count + Count / 8;
            _ownNumbers = new double[_ownNumbers.Length][];
            _ownMasks = new ulong[_ownMasks.Length][];
        }
        if (_ownNumbers.Length < numberRegisters)
        {
            Array.Resize(ref _ownNumbers, numberRegisters);
            _numbers = new double[numberRegisters][];
        }
        if (_ownMasks.Length < maskRegisters)
        {
            Array.Resize(ref _ownMasks, maskRegisters);
            _masks = new ulong[maskRegisters][];
        }
        for (var r = 0; r < numberRegisters; r++)
        {
            _numbers[r] = _ownNumbers[r] ??= new double[_rows];
        }
        for (var r = 0; r < maskRegisters; r++)
        {
            _masks[r] = _ownMasks[r] ??= new ulong[ColumnKernels.Words(_rows)];
        }
    }

    public double[] Numbers(NumberOperand operand) => operand.Kind == OperandKind.Field
        ? Columns.NumberArray(MetricCatalog.All[operand.Index])
        : _numbers[operand.Index];

    public double[] NumberRegister(int register) => _numbers[register];

    public ulong[] Mask(int register) => _masks[register];

    /// <summary>Points the register <paramref name="instruction"/> writes at <paramref name="result"/> (a shared result) for the rest of this scan.</summary>
    public void Alias(ScanInstruction instruction, Array result)
    {
        if (instruction.WritesMask)
        {
            _masks[instruction.Destination] = (ulong[])result;
        }
        else
        {
            _numbers[instruction.Destination] = (double[])result;
        }
    }

    /// <summary>A cleared bit set for <paramref name="codes"/> text codes.</summary>
    public ulong[] TextMembers(int codes)
    {
        var words = ColumnKernels.Words(codes);
        if (_members.Length < words)
        {
            _members = new ulong[words];
        }
        Array.Clear(_members);
        return _members;
    }
}
