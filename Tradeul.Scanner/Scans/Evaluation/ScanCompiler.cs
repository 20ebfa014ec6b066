using System.Globalization;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans.Binding;
using Tradeul.Scanner.Scans.Syntax;

namespace Tradeul.Scanner.Scans.Evaluation;

/// <summary>
/// Turns checked expressions into column-wise instructions: each number node a scratch column,
/// each condition a bit mask, constants folded (with the language's null rules: 1 / 0 is null),
/// and a constant moved to the right of a comparison so it is read as one broadcast value.
/// Comparisons, text tests and number operations carry a share key: the canonical text of what they
/// compute, so a <see cref="ScanSet"/> computes each once per cycle for all its scans.
/// </summary>
internal sealed class ScanCompiler
{
    private readonly List<ScanInstruction> _instructions = [];
    private readonly Dictionary<int, string> _registerKeys = [];
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
                var key = u.Function == NumberFunction.Abs ? $"abs({KeyOf(operand)})" : $"neg({KeyOf(operand)})";
                _instructions.Add(u.Function == NumberFunction.Abs
                    ? new AbsInstruction(operand, register) { ShareKey = key }
                    : new NumberInstruction<Subtract>(NumberOperand.Of(0), operand, register) { ShareKey = key });
                _registerKeys[register] = key;
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
                var key = $"{b.Function}({KeyOf(left)},{KeyOf(right)})";
                ScanInstruction instruction = b.Function switch
                {
                    NumberFunction.Add => new NumberInstruction<Add>(left, right, register) { ShareKey = key },
                    NumberFunction.Subtract => new NumberInstruction<Subtract>(left, right, register) { ShareKey = key },
                    NumberFunction.Multiply => new NumberInstruction<Multiply>(left, right, register) { ShareKey = key },
                    NumberFunction.Divide => new NumberInstruction<Divide>(left, right, register) { ShareKey = key },
                    NumberFunction.Min => new NumberInstruction<Min>(left, right, register) { ShareKey = key },
                    NumberFunction.Max => new NumberInstruction<Max>(left, right, register) { ShareKey = key },
                    _ => throw new ArgumentOutOfRangeException(nameof(expression), b.Function, "Not a binary number function."),
                };
                _instructions.Add(instruction);
                _registerKeys[register] = key;
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
                var op = t.Equal ? "==" : "!=";
                _instructions.Add(t.Other is BoundField other
                    ? new TextFieldsEqualInstruction(t.Field, other.Field, t.Equal, register) { ShareKey = $"text{op}({t.Field.Name},{other.Field.Name})" }
                    : new TextEqualsInstruction(t.Field, ((BoundText)t.Other).Value, t.Equal, register)
                    {
                        ShareKey = $"text{op}({t.Field.Name},{Quote(((BoundText)t.Other).Value)})",
                    });
                return new Condition(null, register);
            }
            case BoundTextIn i:
            {
                var register = _masks++;
                var values = string.Join(",", i.Values.Select(Quote).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                _instructions.Add(new TextInInstruction(i.Field, [.. i.Values], i.Negated, register)
                {
                    ShareKey = $"{(i.Negated ? "notin" : "in")}({i.Field.Name},[{values}])",
                });
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
        var key = $"{op}({KeyOf(left)},{KeyOf(right)})";
        _instructions.Add(op switch
        {
            BinaryOperator.Less => new CompareInstruction<Less>(left, right, register) { ShareKey = key },
            BinaryOperator.LessOrEqual => new CompareInstruction<LessOrEqual>(left, right, register) { ShareKey = key },
            BinaryOperator.Greater => new CompareInstruction<Greater>(left, right, register) { ShareKey = key },
            BinaryOperator.GreaterOrEqual => new CompareInstruction<GreaterOrEqual>(left, right, register) { ShareKey = key },
            BinaryOperator.Equal => new CompareInstruction<EqualTo>(left, right, register) { ShareKey = key },
            BinaryOperator.NotEqual => new CompareInstruction<NotEqualTo>(left, right, register) { ShareKey = key },
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a comparison."),
        });
        return new Condition(null, register);
    }

    /// <summary>What an operand holds, as text: a field's name, a constant's exact value, or a register's key.</summary>
    private string KeyOf(NumberOperand operand) => operand.Kind switch
    {
        OperandKind.Field => MetricCatalog.All[operand.Index].Name,
        OperandKind.Constant => "#" + operand.Constant.ToString("R", CultureInfo.InvariantCulture),
        _ => _registerKeys[operand.Index],
    };

    /// <summary>Text compares case-insensitively, so its key is lower case.</summary>
    private static string Quote(string value) => "\"" + value.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

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
