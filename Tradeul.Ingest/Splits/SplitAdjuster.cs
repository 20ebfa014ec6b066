using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Providers;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Splits;

/// <summary>
/// The stage between the provider fetch and validation. On a split's ex-date providers send
/// the previous close unadjusted (Polygon's <c>prevDay</c>: BIOL's 1-for-25 reverse split on
/// 2022-04-29 read +2056 % instead of -14 %), so for a symbol splitting today the previous close
/// is divided by the ratio (new shares per old share) and the row is marked
/// <see cref="QuoteFlags.SplitAdjusted"/> with the ratio, which the Scanner also applies to the
/// RVOL baseline. A row with no known split whose price is <c>Ingest:Splits:SuspectRatio</c>
/// times its previous close or more (or that fraction or less) is marked
/// <see cref="QuoteFlags.SplitUnresolved"/>, so the Scanner holds it out of change and gap
/// categories instead of ranking it raw. Both are counted per snapshot; each symbol is logged
/// once per trading date. Not thread-safe: the Ingest cycle drives it.
/// </summary>
public sealed partial class SplitAdjuster(
    SplitCalendar calendar,
    IOptions<SplitOptions> options,
    SplitStats stats,
    SplitTelemetry telemetry,
    ILogger<SplitAdjuster> logger)
{
    // Bounds on logging: a day of 12,000 broken rows must not become 12,000 log lines, or a set that grows.
    private const int MaxSymbolsRemembered = 2_000;
    private const int MaxSymbolsPerLine = 20;

    private readonly double _suspectRatio = options.Value.SuspectRatio;
    private readonly HashSet<string> _loggedAdjusted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loggedUnresolved = new(StringComparer.Ordinal);
    private DateOnly _loggedDate;

    /// <summary>
    /// The snapshot with today's splits applied and suspect rows flagged; the same object when no
    /// row changed. Never throws for a failed split fetch (the day then counts as unknown).
    /// </summary>
    public async Task<ProviderSnapshot> AdjustAsync(ProviderSnapshot snapshot, CancellationToken cancellationToken)
    {
        var day = await calendar.ForAsync(SplitDateOf(snapshot.AsOf), cancellationToken).ConfigureAwait(false);
        if (day.Date != _loggedDate)
        {
            _loggedDate = day.Date;
            _loggedAdjusted.Clear();
            _loggedUnresolved.Clear();
        }
        var quotes = snapshot.Quotes;
        MarketQuote[]? changed = null;
        int adjusted = 0, unresolved = 0;
        List<string>? newlyAdjusted = null, newlyUnresolved = null;
        for (var i = 0; i < quotes.Count; i++)
        {
            var row = Apply(quotes[i], day);
            if (row.Flags == quotes[i].Flags)
            {
                continue;
            }
            changed ??= [.. quotes];
            changed[i] = row;
            if ((row.Flags & QuoteFlags.SplitAdjusted) != 0)
            {
                adjusted++;
                Remember(_loggedAdjusted, row.Symbol, ref newlyAdjusted);
            }
            else
            {
                unresolved++;
                Remember(_loggedUnresolved, row.Symbol, ref newlyUnresolved);
            }
        }
        stats.Rows(day.Date, day.IsKnown, adjusted, unresolved);
        telemetry.Rows(adjusted, unresolved);
        if (newlyAdjusted is not null)
        {
            LogAdjusted(logger, newlyAdjusted.Count, SplitDay.Iso(day.Date), Describe(newlyAdjusted, day));
        }
        if (newlyUnresolved is not null)
        {
            LogUnresolved(logger, newlyUnresolved.Count, SplitDay.Iso(day.Date),
                day.IsKnown ? "no usable split is listed for them" : "the day's splits are unknown", Describe(newlyUnresolved, null));
        }
        return changed is null ? snapshot : snapshot with { Quotes = changed };
    }

    /// <summary>
    /// The trading date whose splits apply to a snapshot taken at <paramref name="asOf"/>: its New
    /// York date, or on a weekend or holiday the last trading day before it, whose bars (and whose
    /// unadjusted previous close) providers keep serving until the next session.
    /// </summary>
    public static DateOnly SplitDateOf(DateTimeOffset asOf)
    {
        var date = MarketCalendar.TradingDate(asOf);
        while (!MarketCalendar.IsTradingDay(date))
        {
            date = date.AddDays(-1);
        }
        return date;
    }

    /// <summary>One row as it is published: adjusted by a known split, flagged when it looks like an unknown one, or as it came.</summary>
    public MarketQuote Apply(in MarketQuote quote, SplitDay day)
    {
        if (quote.Symbol is not null && day.Ratios is { } ratios && ratios.TryGetValue(quote.Symbol, out var ratio))
        {
            // NaN: listed with two different ratios, so neither can be applied.
            return double.IsNaN(ratio)
                ? quote with { Flags = quote.Flags | QuoteFlags.SplitUnresolved }
                : quote with { PrevClose = quote.PrevClose / ratio, Flags = quote.Flags | QuoteFlags.SplitAdjusted, SplitRatio = ratio };
        }
        return LooksLikeUnadjustedSplit(quote) ? quote with { Flags = quote.Flags | QuoteFlags.SplitUnresolved } : quote;
    }

    private bool LooksLikeUnadjustedSplit(in MarketQuote quote) =>
        quote.PrevClose > 0 && quote.Price > 0
        && (quote.Price >= quote.PrevClose * _suspectRatio || quote.Price * _suspectRatio <= quote.PrevClose);

    private static void Remember(HashSet<string> logged, string symbol, ref List<string>? fresh)
    {
        if (logged.Count < MaxSymbolsRemembered && logged.Add(symbol))
        {
            (fresh ??= []).Add(symbol);
        }
    }

    /// <summary>"BIOL (x0.04), ..." up to <see cref="MaxSymbolsPerLine"/> symbols, then how many more.</summary>
    private static string Describe(List<string> symbols, SplitDay? day)
    {
        var shown = symbols.Take(MaxSymbolsPerLine).Select(s =>
            day?.Ratios is { } ratios && ratios.TryGetValue(s, out var r) ? string.Create(CultureInfo.InvariantCulture, $"{s} (x{r:0.####})") : s);
        var text = string.Join(", ", shown);
        return symbols.Count > MaxSymbolsPerLine ? $"{text} and {symbols.Count - MaxSymbolsPerLine} more" : text;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Split-adjusted the previous close of {Count} symbols on {Date}: {Symbols}.")]
    private static partial void LogAdjusted(ILogger logger, int count, string date, string symbols);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Held {Count} symbols out of change and gap categories on {Date}: their price against the previous close looks like an unadjusted split and {Reason}: {Symbols}.")]
    private static partial void LogUnresolved(ILogger logger, int count, string date, string reason, string symbols);
}
