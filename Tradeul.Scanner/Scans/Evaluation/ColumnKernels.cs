using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tradeul.Scanner.Scans.Evaluation;

/// <summary>A column or a constant, read as 4-wide vectors or one value at a time.</summary>
internal interface IDoubles
{
    Vector256<double> Vector(int row);

    double Value(int row);
}

internal readonly struct ColumnDoubles(double[] values) : IDoubles
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Vector(int row) => Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(values), (nuint)row);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Value(int row) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), row);
}

internal readonly struct ConstantDoubles(double value) : IDoubles
{
    private readonly Vector256<double> _vector = Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Vector(int row) => _vector;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Value(int row) => value;
}

/// <summary>An operation on two numbers, with the language's null rules: null in, null out.</summary>
internal interface INumberOperation
{
    static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b);

    static abstract double Apply(double a, double b);
}

/// <summary>A comparison: false when either side is null (NaN).</summary>
internal interface IComparison
{
    static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b);

    static abstract bool Apply(double a, double b);
}

/// <summary>
/// The column-wise loops a compiled scan runs: each reads whole columns (or a constant) and writes a
/// whole column or a bit mask (bit r of word r / 64 = row r), 4 rows per instruction. Arrays may be
/// longer than <c>count</c>; rows at and past <c>count</c> are never read and their mask bits are 0.
/// Callers make sure every array holds at least <c>count</c> rows.
/// </summary>
internal static class ColumnKernels
{
    public static int Words(int count) => (count + 63) >> 6;

    public static void Apply<TA, TB, TOp>(TA a, TB b, double[] destination, int count)
        where TA : struct, IDoubles where TB : struct, IDoubles where TOp : struct, INumberOperation
    {
        ref var d = ref MemoryMarshal.GetArrayDataReference(destination);
        var row = 0;
        for (; row <= count - 4; row += 4)
        {
            TOp.Apply(a.Vector(row), b.Vector(row)).StoreUnsafe(ref d, (nuint)row);
        }
        for (; row < count; row++)
        {
            Unsafe.Add(ref d, row) = TOp.Apply(a.Value(row), b.Value(row));
        }
    }

    public static void Compare<TA, TB, TOp>(TA a, TB b, ulong[] mask, int count)
        where TA : struct, IDoubles where TB : struct, IDoubles where TOp : struct, IComparison
    {
        var full = count >> 6;
        for (var word = 0; word < full; word++)
        {
            var first = word << 6;
            ulong bits = 0;
            for (var k = 0; k < 16; k++)
            {
                var row = first + (k << 2);
                bits |= (ulong)TOp.Apply(a.Vector(row), b.Vector(row)).ExtractMostSignificantBits() << (k << 2);
            }
            mask[word] = bits;
        }
        if ((count & 63) != 0)
        {
            ulong bits = 0;
            for (var row = full << 6; row < count; row++)
            {
                if (TOp.Apply(a.Value(row), b.Value(row)))
                {
                    bits |= 1UL << (row & 63);
                }
            }
            mask[full] = bits;
        }
    }

    public static void Negate(double[] source, double[] destination, int count) =>
        Apply<ConstantDoubles, ColumnDoubles, Subtract>(new ConstantDoubles(0), new ColumnDoubles(source), destination, count);

    public static void Abs(double[] source, double[] destination, int count)
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(source);
        ref var d = ref MemoryMarshal.GetArrayDataReference(destination);
        var row = 0;
        for (; row <= count - 4; row += 4)
        {
            Vector256.Abs(Vector256.LoadUnsafe(ref s, (nuint)row)).StoreUnsafe(ref d, (nuint)row);
        }
        for (; row < count; row++)
        {
            Unsafe.Add(ref d, row) = Math.Abs(Unsafe.Add(ref s, row));
        }
    }

    /// <summary>Rows whose code equals <paramref name="code"/>; with <paramref name="equal"/> false, rows with a known code that differs.</summary>
    public static void CodeEquals(int[] codes, int code, bool equal, ulong[] mask, int count)
    {
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        var target = Vector256.Create(code);
        var known = Vector256.Create(-1);
        var full = count >> 6;
        for (var word = 0; word < full; word++)
        {
            ulong bits = 0;
            for (var k = 0; k < 8; k++)
            {
                var v = Vector256.LoadUnsafe(ref c, (nuint)((word << 6) + (k << 3)));
                var hit = equal ? Vector256.Equals(v, target) : ~Vector256.Equals(v, target) & Vector256.GreaterThan(v, known);
                bits |= (ulong)hit.ExtractMostSignificantBits() << (k << 3);
            }
            mask[word] = bits;
        }
        if ((count & 63) != 0)
        {
            ulong bits = 0;
            for (var row = full << 6; row < count; row++)
            {
                var value = Unsafe.Add(ref c, row);
                if (equal ? value == code : value != code && value >= 0)
                {
                    bits |= 1UL << (row & 63);
                }
            }
            mask[full] = bits;
        }
    }

    /// <summary>Rows whose codes are both known and equal (or, with <paramref name="equal"/> false, both known and different).</summary>
    public static void CodesEqual(int[] left, int[] right, bool equal, ulong[] mask, int count)
    {
        Array.Clear(mask, 0, Words(count));
        for (var row = 0; row < count; row++)
        {
            var a = left[row];
            var b = right[row];
            if (a >= 0 && b >= 0 && (a == b) == equal)
            {
                mask[row >> 6] |= 1UL << (row & 63);
            }
        }
    }

    /// <summary>Rows whose code is a member (bit set in <paramref name="members"/>), or, negated, known and not a member.</summary>
    public static void CodeIn(int[] codes, ulong[] members, bool negated, ulong[] mask, int count)
    {
        Array.Clear(mask, 0, Words(count));
        for (var row = 0; row < count; row++)
        {
            var code = codes[row];
            if (code < 0)
            {
                continue;
            }
            var member = code >> 6 < members.Length && (members[code >> 6] & (1UL << (code & 63))) != 0;
            if (member != negated)
            {
                mask[row >> 6] |= 1UL << (row & 63);
            }
        }
    }

    public static void And(ulong[] a, ulong[] b, ulong[] destination, int count)
    {
        var words = Words(count);
        for (var w = 0; w < words; w++)
        {
            destination[w] = a[w] & b[w];
        }
    }

    public static void Or(ulong[] a, ulong[] b, ulong[] destination, int count)
    {
        var words = Words(count);
        for (var w = 0; w < words; w++)
        {
            destination[w] = a[w] | b[w];
        }
    }

    /// <summary>Every row not in <paramref name="a"/>: a condition false because of a null becomes true, so A and not A split the rows.</summary>
    public static void Not(ulong[] a, ulong[] destination, int count)
    {
        var words = Words(count);
        for (var w = 0; w < words; w++)
        {
            destination[w] = ~a[w];
        }
        ClearTail(destination, count);
    }

    public static void Fill(ulong[] destination, bool value, int count)
    {
        Array.Fill(destination, value ? ulong.MaxValue : 0, 0, Words(count));
        ClearTail(destination, count);
    }

    private static void ClearTail(ulong[] mask, int count)
    {
        if ((count & 63) != 0)
        {
            mask[count >> 6] &= (1UL << (count & 63)) - 1;
        }
    }

    public static int PopCount(ulong[] mask, int count)
    {
        var total = 0;
        var words = Words(count);
        for (var w = 0; w < words; w++)
        {
            total += BitOperations.PopCount(mask[w]);
        }
        return total;
    }
}

internal struct Add : INumberOperation
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a + b;

    public static double Apply(double a, double b) => a + b;
}

internal struct Subtract : INumberOperation
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a - b;

    public static double Apply(double a, double b) => a - b;
}

internal struct Multiply : INumberOperation
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a * b;

    public static double Apply(double a, double b) => a * b;
}

/// <summary>Division by zero is null, not infinity.</summary>
internal struct Divide : INumberOperation
{
    private static readonly Vector256<double> NaN = Vector256.Create(double.NaN);

    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) =>
        Vector256.ConditionalSelect(Vector256.Equals(b, Vector256<double>.Zero), NaN, a / b);

    public static double Apply(double a, double b) => b == 0 ? double.NaN : a / b;
}

/// <summary>The smaller; null when either is null.</summary>
internal struct Min : INumberOperation
{
    private static readonly Vector256<double> NaN = Vector256.Create(double.NaN);

    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) =>
        Vector256.ConditionalSelect(Vector256.Equals(a, a) & Vector256.Equals(b, b), Vector256.MinNative(a, b), NaN);

    public static double Apply(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);
}

/// <summary>The larger; null when either is null.</summary>
internal struct Max : INumberOperation
{
    private static readonly Vector256<double> NaN = Vector256.Create(double.NaN);

    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) =>
        Vector256.ConditionalSelect(Vector256.Equals(a, a) & Vector256.Equals(b, b), Vector256.MaxNative(a, b), NaN);

    public static double Apply(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);
}

internal struct Less : IComparison
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);

    public static bool Apply(double a, double b) => a < b;
}

internal struct LessOrEqual : IComparison
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b);

    public static bool Apply(double a, double b) => a <= b;
}

internal struct Greater : IComparison
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);

    public static bool Apply(double a, double b) => a > b;
}

internal struct GreaterOrEqual : IComparison
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b);

    public static bool Apply(double a, double b) => a >= b;
}

internal struct EqualTo : IComparison
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);

    public static bool Apply(double a, double b) => a == b;
}

/// <summary>Different, and neither null: IEEE's NaN != x would be true, the language's is false.</summary>
internal struct NotEqualTo : IComparison
{
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b) | Vector256.GreaterThan(a, b);

    public static bool Apply(double a, double b) => a < b || a > b;
}
