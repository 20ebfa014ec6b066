using Npgsql;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// Reads the numeric columns of a batch job's rows so that a value .NET cannot hold becomes
/// null for that row and is counted by column, instead of failing the whole batch. PostgreSQL's
/// <c>numeric</c> allows <c>NaN</c> in every column (with or without precision and scale) and
/// <c>±Infinity</c> and values past 10^28 where no precision is declared; .NET's decimal holds
/// none of them (Npgsql throws on reading them: InvalidCastException for NaN, OverflowException
/// for the rest, including more than 28 fractional digits). One instance per run, not thread-safe.
/// </summary>
public sealed class UnrepresentableValues
{
    private readonly SortedDictionary<string, int> _byColumn = new(StringComparer.Ordinal);

    /// <summary>Values nulled so far, by column name (e.g. <c>{"market_cap": 1}</c>).</summary>
    public IReadOnlyDictionary<string, int> ByColumn => _byColumn;

    public int Total => _byColumn.Values.Sum();

    /// <summary>The column as a decimal; null when it is SQL NULL or when decimal cannot hold it (counted).</summary>
    /// <exception cref="InvalidCastException">When the column is not a number (a schema mismatch is not bad data).</exception>
    public decimal? Decimal(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        try
        {
            return reader.GetFieldValue<decimal>(ordinal);
        }
        catch (Exception ex) when (ex is OverflowException || (ex is InvalidCastException && reader.GetFieldType(ordinal) == typeof(decimal)))
        {
            // A numeric column's InvalidCastException is its NaN; any other column's is a schema mismatch and propagates.
            Count(reader.GetName(ordinal));
            return null;
        }
    }

    /// <summary>
    /// The column as a long; null when it is SQL NULL or when long cannot hold it (counted): a
    /// numeric that is NaN, infinite, fractional, or outside Int64. An integer column always fits.
    /// </summary>
    /// <exception cref="InvalidCastException">When the column is not a number.</exception>
    public long? Int64(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        if (reader.GetFieldType(ordinal) != typeof(decimal))
        {
            return reader.GetInt64(ordinal);
        }
        // Npgsql would truncate 12.5 to 12 when asked for a long; read the exact value and decide here.
        var value = Decimal(reader, ordinal);
        if (value is not { } exact)
        {
            return null;
        }
        if (decimal.IsInteger(exact) && exact is >= long.MinValue and <= long.MaxValue)
        {
            return (long)exact;
        }
        Count(reader.GetName(ordinal));
        return null;
    }

    /// <summary>"market_cap 1, float_shares 2", for one log line per run.</summary>
    public override string ToString() => string.Join(", ", _byColumn.Select(c => $"{c.Key} {c.Value}"));

    private void Count(string column) => _byColumn[column] = _byColumn.GetValueOrDefault(column) + 1;
}

/// <summary>
/// A job result that counts values it read as null because .NET could not hold them; the
/// <see cref="JobBoard"/> shows the counts with the run and adds them to
/// <c>tradeul.maintenance.unrepresentable_values</c>.
/// </summary>
public interface IReportsUnrepresentableValues
{
    /// <summary>Nulled values by column; empty when every value was read.</summary>
    IReadOnlyDictionary<string, int> Unrepresentable { get; }
}
