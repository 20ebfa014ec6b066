using Tradeul.Scanner.Scans.Binding;
using Tradeul.Scanner.Scans.Syntax;

namespace Tradeul.Scanner.Scans.Evaluation;

/// <summary>
/// Turns checked expressions into column-wise instructions: each number node a scratch column,
/// each condition a bit mask, constants folded (with the language's null rules: 1 / 0 is null),
/// and a constant moved to the right of a comparison so it is read as one broadcast value.
/// </summary>
internal sealed class ScanCompiler
{
    private readonly List<ScanInstruction> _instructions = [];
    private int _numbers;
    private int _masks;

    /// <param name="filter">A condition, or null for every row.</param>
    /// <param name="sort">A number.</param>
    public static ScanProgram Compile(BoundExpression? filter, BoundExpression sort)
    {
        var compiler = new ScanCompiler();
        var mask = compiler.Materialize(filter is null ? new Condition(true, -1) : compiler.EmitCondition(filter));
        var key = compiler.EmitNumber(sort);
        return new ScanProgram(compiler._instructions.ToArray(), mask, key, compiler._numbers, compiler._masks);
    }

    /// <summary>A condition's rows: a constant (folded) or a mask register.</summary>
    private readonly record struct Condition(bool? Constant, int Register);

    private int Materialize(Condition condition)
    {
        if (condition.Constant is not { } value)
        {
            return condition.Register;
        }
        var register = _masks++;
        _instructions.Add(new FillInstruction(value, register));
        return register;
    }

    private NumberOperand EmitNumber(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNumber n:
                return NumberOperand.Of(n.Value);
            case BoundField f:
                return NumberOperand.Of(f.Field);
            case BoundUnaryNumber u:
            {
                var operand = EmitNumber(u.Operand);
                if (operand.IsConstant)
                {
                    return NumberOperand.Of(u.Function == NumberFunction.Abs ? Math.Abs(operand.Constant) : 0 - operand.Constant);
                }
                var register = _numbers++;
                _instructions.Add(u.Function == NumberFunction.Abs
                    ? new AbsInstruction(operand, register)
                    : new NumberInstruction<Subtract>(NumberOperand.Of(0), operand, register));
                return NumberOperand.Register(register);
            }
            case BoundBinaryNumber b:
            {
                var left = EmitNumber(b.Left);
                var right = EmitNumber(b.Right);
                if (left.IsConstant && right.IsConstant)
                {
                    return NumberOperand.Of(Fold(b.Function, left.Constant, right.Constant));
                }
                var register = _numbers++;
                _instructions.Add(b.Function switch
                {
                    NumberFunction.Add => new NumberInstruction<Add>(left, right, register),
                    NumberFunction.Subtract => new NumberInstruction<Subtract>(left, right, register),
                    NumberFunction.Multiply => new NumberInstruction<Multiply>(left, right, register),
                    NumberFunction.Divide => new NumberInstruction<Divide>(left, right, register),
                    NumberFunction.Min => new NumberInstruction<Min>(left, right, register),
                    NumberFunction.Max => new NumberInstruction<Max>(left, right, register),
                    _ => throw new ArgumentOutOfRangeException(nameof(expression), b.Function, "Not a binary number function."),
                });
                return NumberOperand.Register(register);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Not a number expression.");
        }
    }

    private static double Fold(NumberFunction function, double a, double b) => function switch
    {
        NumberFunction.Add => Add.Apply(a, b),
        NumberFunction.Subtract => Subtract.Apply(a, b),
        NumberFunction.Multiply => Multiply.Apply(a, b),
        NumberFunction.Divide => Divide.Apply(a, b),
        NumberFunction.Min => Min.Apply(a, b),
        _ => Max.Apply(a, b),
    };

    private Condition EmitCondition(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundCompare c:
                return EmitCompare(c.Operator, EmitNumber(c.Left), EmitNumber(c.Right));
            case BoundTextCompare t:
            {
                var register = _masks++;
                _instructions.Add(t.Other is BoundField other
                    ? new TextFieldsEqualInstruction(t.Field, other.Field, t.Equal, register)
                    : new TextEqualsInstruction(t.Field, ((BoundText)t.Other).Value, t.Equal, register));
                return new Condition(null, register);
            }
            case BoundTextIn i:
            {
                var register = _masks++;
                _instructions.Add(new TextInInstruction(i.Field, i.Values, i.Negated, register));
                return new Condition(null, register);
            }
            case BoundNot n:
            {
                var operand = EmitCondition(n.Operand);
                if (operand.Constant is { } value)
                {
                    return new Condition(!value, -1);
                }
                var register = _masks++;
                _instructions.Add(new NotInstruction(operand.Register, register));
                return new Condition(null, register);
            }
            case BoundLogic l:
            {
                var left = EmitCondition(l.Left);
                var right = EmitCondition(l.Right);
                // false and x = false, true and x = x; true or x = true, false or x = x.
                if (left.Constant is { } a)
                {
                    return a == l.And ? right : left;
                }
                if (right.Constant is { } b)
                {
                    return b == l.And ? left : right;
                }
                var register = _masks++;
                _instructions.Add(new LogicInstruction(l.And, left.Register, right.Register, register));
                return new Condition(null, register);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Not a condition.");
        }
    }

    private Condition EmitCompare(BinaryOperator op, NumberOperand left, NumberOperand right)
    {
        if (left.IsConstant && right.IsConstant)
        {
            return new Condition(Compare(op, left.Constant, right.Constant), -1);
        }
        if (left.IsConstant)
        {
            (left, right) = (right, left);
            op = op switch
            {
                BinaryOperator.Less => BinaryOperator.Greater,
                BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
                BinaryOperator.Greater => BinaryOperator.Less,
                BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
                _ => op,
            };
        }
        var register = _masks++;
        _instructions.Add(op switch
        {
            BinaryOperator.Less => new CompareInstruction<Less>(left, right, register),
            BinaryOperator.LessOrEqual => new CompareInstruction<LessOrEqual>(left, right, register),
            BinaryOperator.Greater => new CompareInstruction<Greater>(left, right, register),
            BinaryOperator.GreaterOrEqual => new CompareInstruction<GreaterOrEqual>(left, right, register),
            BinaryOperator.Equal => new CompareInstruction<EqualTo>(left, right, register),
            BinaryOperator.NotEqual => new CompareInstruction<NotEqualTo>(left, right, register),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a comparison."),
        });
        return new Condition(null, register);
    }

    private static bool Compare(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Less => Less.Apply(a, b),
        BinaryOperator.LessOrEqual => LessOrEqual.Apply(a, b),
        BinaryOperator.Greater => Greater.Apply(a, b),
        BinaryOperator.GreaterOrEqual => GreaterOrEqual.Apply(a, b),
        BinaryOperator.Equal => EqualTo.Apply(a, b),
        _ => NotEqualTo.Apply(a, b),
    };
}
