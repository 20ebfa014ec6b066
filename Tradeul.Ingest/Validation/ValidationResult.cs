using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Validation;

/// <summary>The rows that passed and the count of each drop reason (provider drops included).</summary>
public sealed record ValidationResult(MarketQuote[] Accepted, IReadOnlyDictionary<string, int> Dropped)
{
    public static ValidationResult Of(IReadOnlyList<MarketQuote> quotes, MarketSession session, IReadOnlyDictionary<string, int> providerDrops)
    {
        var accepted = new List<MarketQuote>(quotes.Count);
        var dropped = new Dictionary<string, int>(providerDrops, StringComparer.Ordinal);
        var seen = new HashSet<string>(quotes.Count, StringComparer.Ordinal);
        foreach (var quote in quotes)
        {
            var reason = QuoteValidator.Check(quote, session);
            if (reason is null && !seen.Add(quote.Symbol))
            {
                reason = DropReasons.DuplicateSymbol;
            }
            if (reason is null)
            {
                accepted.Add(quote);
            }
            else
            {
                dropped[reason] = dropped.GetValueOrDefault(reason) + 1;
            }
        }
        return new ValidationResult([.. accepted], dropped);
    }
}
