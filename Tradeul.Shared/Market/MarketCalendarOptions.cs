using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tradeul.Shared.Market;

/// <summary>
/// Bound from <c>Market</c>: days the operator declares on top of the NYSE rules and the shipped
/// one-off days, for a closure announced after the release (a national day of mourning, a storm).
/// Empty by default. Dates are New York calendar dates (yyyy-MM-dd), times New York time (HH:mm).
/// </summary>
public sealed class MarketCalendarOptions
{
    public const string SectionName = "Market";

    /// <summary><c>Market:Closures:{i}:Date</c> and optional <c>:Reason</c>: the market is closed all day.</summary>
    public List<DeclaredClosure> Closures { get; set; } = [];

    /// <summary>
    /// <c>Market:EarlyCloses:{i}:Date</c>, <c>:Close</c> (the regular session's end, after 09:30
    /// and no later than 16:00) and optional <c>:Reason</c>. It replaces a rule's early close on
    /// that date; 16:00 cancels one.
    /// </summary>
    public List<DeclaredEarlyClose> EarlyCloses { get; set; } = [];

    /// <summary>The calendar these declarations make; throws <see cref="OptionsValidationException"/> naming each bad key.</summary>
    public TradingCalendar ToCalendar()
    {
        var declared = MarketDayDeclarations.Read(this);
        if (declared.Failures.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(MarketCalendarOptions), declared.Failures);
        }
        return TradingCalendar.WithDeclared(declared.Closures, declared.EarlyCloses);
    }
}

public sealed class DeclaredClosure
{
    /// <summary>New York date, yyyy-MM-dd.</summary>
    public string? Date { get; set; }

    /// <summary>Why (shown in logs); "Declared closure" when empty.</summary>
    public string? Reason { get; set; }
}

public sealed class DeclaredEarlyClose
{
    /// <summary>New York date, yyyy-MM-dd.</summary>
    public string? Date { get; set; }

    /// <summary>End of the regular session, New York time, HH:mm (e.g. 13:00).</summary>
    public string? Close { get; set; }

    /// <summary>Why (shown in logs); "Declared early close" when empty.</summary>
    public string? Reason { get; set; }
}

/// <summary>Stops start-up on a declared day that cannot be right; each message names its key.</summary>
public sealed class MarketCalendarOptionsValidator : IValidateOptions<MarketCalendarOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketCalendarOptions options)
    {
        var failures = MarketDayDeclarations.Read(options).Failures;
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Parses and checks <see cref="MarketCalendarOptions"/> once, for the validator and the calendar alike.</summary>
internal sealed class MarketDayDeclarations
{
    private static readonly TimeOnly EarliestClose = new(9, 30);
    private static readonly TimeOnly LatestClose = new(16, 0);

    private readonly Dictionary<DateOnly, string> _keyOfDate = [];

    public Dictionary<DateOnly, string> Closures { get; } = [];
    public Dictionary<DateOnly, MarketEarlyClose> EarlyCloses { get; } = [];
    public List<string> Failures { get; } = [];

    public static MarketDayDeclarations Read(MarketCalendarOptions options)
    {
        var declarations = new MarketDayDeclarations();
        for (var i = 0; i < options.Closures.Count; i++)
        {
            var entry = options.Closures[i];
            if (declarations.ReadDate($"{MarketCalendarOptions.SectionName}:Closures:{i}:Date", entry.Date) is { } date)
            {
                declarations.Closures[date] = ReasonOr(entry.Reason, "Declared closure");
            }
        }
        for (var i = 0; i < options.EarlyCloses.Count; i++)
        {
            var entry = options.EarlyCloses[i];
            var prefix = $"{MarketCalendarOptions.SectionName}:EarlyCloses:{i}";
            var date = declarations.ReadDate($"{prefix}:Date", entry.Date);
            var close = declarations.ReadClose($"{prefix}:Close", entry.Close);
            if (date is not null && close is not null)
            {
                declarations.EarlyCloses[date.Value] = new MarketEarlyClose(close.Value, ReasonOr(entry.Reason, "Declared early close"));
            }
        }
        return declarations;
    }

    private DateOnly? ReadDate(string key, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Failures.Add($"{key} is required (a New York date, yyyy-MM-dd).");
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Failures.Add($"{key} must be a date as yyyy-MM-dd (was '{text}').");
            return null;
        }
        if (_keyOfDate.TryGetValue(date, out var earlierKey))
        {
            Failures.Add($"{key} declares {date:yyyy-MM-dd} again (already at {earlierKey}).");
            return null;
        }
        _keyOfDate[date] = key;
        // A declaration on a day the market is closed anyway does nothing: most likely a mistyped date.
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            Failures.Add($"{key} is {date:yyyy-MM-dd}, a {date.DayOfWeek}: the market is closed anyway; check the date.");
            return null;
        }
        var nyse = TradingCalendar.Nyse;
        if (nyse.IsHoliday(date, out var reason) || nyse.IsClosure(date, out reason))
        {
            Failures.Add($"{key} is {date:yyyy-MM-dd}, already closed ({reason}); check the date.");
            return null;
        }
        return date;
    }

    private TimeOnly? ReadClose(string key, string? text)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close) &&
            close > EarliestClose && close <= LatestClose)
        {
            return close;
        }
        Failures.Add($"{key} must be a New York time after 09:30 and no later than 16:00, as HH:mm (was '{text}').");
        return null;
    }

    private static string ReasonOr(string? reason, string fallback) => string.IsNullOrWhiteSpace(reason) ? fallback : reason.Trim();
}
