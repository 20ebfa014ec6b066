namespace Tradeul.Scanner.Scans.Evaluation;

/// <summary>
/// A compiled scan: instructions that leave the filter's rows in mask register
/// <see cref="FilterMask"/> and the sort key in <see cref="SortKey"/> (a column, a register or one
/// constant), and the registers they need.
/// </summary>
internal sealed record ScanProgram(
    ScanInstruction[] Instructions,
    int FilterMask,
    NumberOperand SortKey,
    int NumberRegisters,
    int MaskRegisters);
