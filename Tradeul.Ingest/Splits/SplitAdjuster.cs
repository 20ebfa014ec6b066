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
    private readonly double _unlistedSuspectRatio = options.Value.UnlistedSuspectRatio;
    private readonly HashSet<string> _loggedAdjusted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loggedUnresolved = new(StringComparer.Ordinal);
    private DateOnly _loggedDate;

    /// <summary>
    /// The snapshot with today's splits applied and suspect rows flagged; the same object when no
    /// row changed. Never throws for a failed split fetch (the day then counts as unknown).
    /// </summary>
    public async Task<ProviderSnapshot> AdjustAsync(ProviderSnapshot snapshot, CancellationToken cancellationToken)
    {
        // The splits of the trading day the snapshot belongs to (04:00 ET to 04:00 of the next trading
        // day): until then, and over a weekend or holiday, providers keep serving that day's bars.
        var day = await calendar.ForAsync(TradingDay.Of(snapshot.AsOf), cancellationToken).ConfigureAwait(false);
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
            LogAdjusted(logger, newlyAdjusted.Count, TradingDay.Iso(day.Date), Describe(newlyAdjusted, day));
        }
        if (newlyUnresolved is not null)
        {
            LogUnresolved(logger, newlyUnresolved.Count, TradingDay.Iso(day.Date),
                day.IsKnown ? "no usable split is listed for them" : "the day's splits are unknown", Describe(newlyUnresolved, null));
        }
        return changed is null ? snapshot : snapshot with { Quotes = changed };
    }


    /// <summary>One row as it is published: adjusted by a known split, flagged when it looks like an unknown one, or as it came.</summary>
    public MarketQuote Apply(in MarketQuote quote, SplitDay day)
    {
        if (quote.Symbol is not null && day.Ratios is { } ratios && ratios.TryGetValue(quote.Symbol, out var ratio))
        {
            // NaN: listed with two different ratios, so neither can be applied.
            if (double.IsNaN(ratio))
            {
                return quote with { Flags = quote.Flags | QuoteFlags.SplitUnresolved };
            }
            // The ratio still restates the RVOL baseline; the previous close is divided only when
            // it is on the old share count, so a provider that already adjusted it is not adjusted twice.
            var prevClose = PrevCloseIsUnadjusted(quote, ratio) ? quote.PrevClose / ratio : quote.PrevClose;
            return quote with { PrevClose = prevClose, Flags = quote.Flags | QuoteFlags.SplitAdjusted, SplitRatio = ratio };
        }
        var limit = day.IsKnown ? _unlistedSuspectRatio : _suspectRatio;
        return LooksLikeUnadjustedSplit(quote, limit) ? quote with { Flags = quote.Flags | QuoteFlags.SplitUnresolved } : quote;
    }

    /// <summary>
    /// True when dividing the previous close by <paramref name="ratio"/> brings the price's
    /// move closer to none (in log terms) than leaving it: the close is on the old share count.
    /// </summary>
    private static bool PrevCloseIsUnadjusted(in MarketQuote quote, double ratio)
    {
        if (quote.PrevClose <= 0 || quote.Price <= 0)
        {
            return true;
        }
        var raw = Math.Abs(Math.Log(quote.Price / quote.PrevClose));
        var adjusted = Math.Abs(Math.Log(quote.Price * ratio / quote.PrevClose));
        return adjusted < raw;
    }

    private static bool LooksLikeUnadjustedSplit(in MarketQuote quote, double limit) =>
        quote.PrevClose > 0 && quote.Price > 0
        && (quote.Price >= quote.PrevClose * limit || quote.Price * limit <= quote.PrevClose);

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
