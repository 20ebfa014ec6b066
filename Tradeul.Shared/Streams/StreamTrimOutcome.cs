namespace Tradeul.Shared.Streams;

/// <param name="LengthBefore">XLEN when checked.</param>
/// <param name="Removed">Entries the trim removed (0 when under the threshold).</param>
public readonly record struct StreamTrimOutcome(long LengthBefore, long Removed)
{
    public long LengthAfter => LengthBefore - Removed;
}
