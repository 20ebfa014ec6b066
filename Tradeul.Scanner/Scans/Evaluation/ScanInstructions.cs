using Tradeul.Scanner.Catalog;

namespace Tradeul.Scanner.Scans.Evaluation;

/// <summary>One step of a compiled scan: a loop over every row of the cycle's columns. Stateless: compiled scans may be shared across threads, each with its own <see cref="ScanFrame"/>.</summary>
internal abstract class ScanInstruction
{
    /// <summary>The register it writes: a mask register when <see cref="WritesMask"/>, else a number register.</summary>
    public abstract int Destination { get; }

    public abstract bool WritesMask { get; }

    /// <summary>
    /// The canonical text of what it computes from the cycle's columns alone (e.g. <c>(rvol &gt;= 2)</c>), set
    /// on comparisons and number operations: two instructions with one key compute the same thing, so a
    /// <see cref="ScanSet"/> runs it once per cycle for all its scans. Null: not shared.
    /// </summary>
    public string? ShareKey { get; init; }

    public abstract void Run(ScanFrame frame);
}

/// <summary>An instruction that writes a number register.</summary>
internal abstract class NumberWriter(int destination) : ScanInstruction
{
    public override int Destination => destination;

    public override bool WritesMask => false;
}

/// <summary>An instruction that writes a mask register.</summary>
internal abstract class MaskWriter(int destination) : ScanInstruction
{
    public override int Destination => destination;

    public override bool WritesMask => true;
}

/// <summary>A number column from two operands (at most one of them constant: the compiler folds two constants).</summary>
internal sealed class NumberInstruction<TOp>(NumberOperand a, NumberOperand b, int destination) : NumberWriter(destination)
    where TOp : struct, INumberOperation
{
    public override void Run(ScanFrame frame)
    {
        var target = frame.NumberRegister(Destination);
        if (b.IsConstant)
        {
            ColumnKernels.Apply<ColumnDoubles, ConstantDoubles, TOp>(new(frame.Numbers(a)), new(b.Constant), target, frame.Count);
        }
        else if (a.IsConstant)
        {
            ColumnKernels.Apply<ConstantDoubles, ColumnDoubles, TOp>(new(a.Constant), new(frame.Numbers(b)), target, frame.Count);
        }
        else
        {
            ColumnKernels.Apply<ColumnDoubles, ColumnDoubles, TOp>(new(frame.Numbers(a)), new(frame.Numbers(b)), target, frame.Count);
        }
    }
}

internal sealed class AbsInstruction(NumberOperand a, int destination) : NumberWriter(destination)
{
    public override void Run(ScanFrame frame) => ColumnKernels.Abs(frame.Numbers(a), frame.NumberRegister(Destination), frame.Count);
}

/// <summary>A mask from comparing two operands; the compiler puts a constant on the right.</summary>
internal sealed class CompareInstruction<TOp>(NumberOperand a, NumberOperand b, int destination) : MaskWriter(destination)
    where TOp : struct, IComparison
{
    public override void Run(ScanFrame frame)
    {
        var mask = frame.Mask(Destination);
        if (b.IsConstant)
        {
            ColumnKernels.Compare<ColumnDoubles, ConstantDoubles, TOp>(new(frame.Numbers(a)), new(b.Constant), mask, frame.Count);
        }
        else
        {
            ColumnKernels.Compare<ColumnDoubles, ColumnDoubles, TOp>(new(frame.Numbers(a)), new(frame.Numbers(b)), mask, frame.Count);
        }
    }
}

/// <summary>A text field == or != a quoted text; the text's code is looked up each run (the table only grows).</summary>
internal sealed class TextEqualsInstruction(MetricField field, string value, bool equal, int destination) : MaskWriter(destination)
{
    public override void Run(ScanFrame frame)
    {
        var columns = frame.Columns;
        ColumnKernels.CodeEquals(columns.CodeArray(field), columns.Texts.Find(value), equal, frame.Mask(Destination), frame.Count);
    }
}

internal sealed class TextFieldsEqualInstruction(MetricField left, MetricField right, bool equal, int destination) : MaskWriter(destination)
{
    public override void Run(ScanFrame frame) =>
        ColumnKernels.CodesEqual(frame.Columns.CodeArray(left), frame.Columns.CodeArray(right), equal, frame.Mask(Destination), frame.Count);
}

/// <summary>A text field in (or not in) a list: the list's codes become a bit set of members each run.</summary>
internal sealed class TextInInstruction(MetricField field, string[] values, bool negated, int destination) : MaskWriter(destination)
{
    public override void Run(ScanFrame frame)
    {
        var texts = frame.Columns.Texts;
        var members = frame.TextMembers(texts.Count);
        for (var i = 0; i < values.Length; i++)
        {
            var code = texts.Find(values[i]);
            if (code >= 0)
            {
                members[code >> 6] |= 1UL << (code & 63);
            }
        }
        ColumnKernels.CodeIn(frame.Columns.CodeArray(field), members, negated, frame.Mask(Destination), frame.Count);
    }
}

internal sealed class LogicInstruction(bool and, int left, int right, int destination) : MaskWriter(destination)
{
    public override void Run(ScanFrame frame)
    {
        if (and)
        {
            ColumnKernels.And(frame.Mask(left), frame.Mask(right), frame.Mask(Destination), frame.Count);
        }
        else
        {
            ColumnKernels.Or(frame.Mask(left), frame.Mask(right), frame.Mask(Destination), frame.Count);
        }
    }
}

internal sealed class NotInstruction(int operand, int destination) : MaskWriter(destination)
{
    public override void Run(ScanFrame frame) => ColumnKernels.Not(frame.Mask(operand), frame.Mask(Destination), frame.Count);
}

/// <summary>Every row, or none: a filter that is empty or constant.</summary>
internal sealed class FillInstruction(bool value, int destination) : MaskWriter(destination)
{
    public override void Run(ScanFrame frame) => ColumnKernels.Fill(frame.Mask(Destination), value, frame.Count);
}
