using System.Collections.Frozen;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>
/// Metrics, filters, score and categories for one snapshot. Work arrays are reused across
/// cycles, so the per-ticker loop allocates nothing; only the output rankings are new.
/// One engine per consumer: not thread-safe.
/// </summary>
public sealed class ScanEngine
{
    private readonly ScanThresholds _thresholds;
    private readonly IReadOnlyList<ScanCategory> _categories;
    private readonly TopNSelector[] _selectors;
    private readonly TopNSelector _byScore;
    private readonly int[] _drain;
    private readonly bool[] _active;
    private TickerMetrics[] _metrics = [];

    public ScanEngine(ScanThresholds thresholds, int topN, int filteredRows, IReadOnlyList<ScanCategory>? categories = null)
    {
        _thresholds = thresholds;
        _categories = categories ?? ScanCategories.All;
        _selectors = _categories.Select(_ => new TopNSelector(topN)).ToArray();
        _byScore = new TopNSelector(filteredRows);
        _drain = new int[Math.Max(topN, filteredRows)];
        _active = new bool[_categories.Count];
    }

    public ScanResult Scan(RawSnapshot snapshot, FrozenDictionary<string, TickerEnrichment> enrichment)
    {
        var session = MarketCalendar.SessionAt(snapshot.AsOf);
        var minutes = RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(snapshot.AsOf));
        var quotes = snapshot.Rows;
        if (_metrics.Length < quotes.Length)
        {
            _metrics = new TickerMetrics[quotes.Length];
        }
        for (var c = 0; c < _categories.Count; c++)
        {
            _active[c] = _categories[c].InSession(session);
            _selectors[c].Clear();
        }
        _byScore.Clear();

        var passed = 0;
        for (var i = 0; i < quotes.Length; i++)
        {
            ref var m = ref _metrics[i];
            m.Index = i;
            MetricsCalculator.Compute(quotes[i], session, minutes, enrichment.GetValueOrDefault(quotes[i].Symbol, TickerEnrichment.None), _thresholds, ref m);
            if (!m.PassesFilters)
            {
                continue;
            }
            passed++;
            _byScore.Offer(m.Score, i);
            for (var c = 0; c < _categories.Count; c++)
            {
                var category = _categories[c];
                if (_active[c] && category.Test(m, _thresholds))
                {
                    var key = category.SortKey(m, session);
                    _selectors[c].Offer(category.Descending ? key : -key, i);
                }
            }
        }

        var rankings = new List<CategoryRanking>(_categories.Count);
        for (var c = 0; c < _categories.Count; c++)
        {
            // A category outside its session publishes an empty ranking, not yesterday's rows.
            rankings.Add(new CategoryRanking(_categories[c].Name, _active[c] ? Collect(_selectors[c], quotes, enrichment) : []));
        }
        return new ScanResult(snapshot.Sequence, snapshot.AsOf, session, quotes.Length, passed, rankings, Collect(_byScore, quotes, enrichment));
    }

    private RankedRow[] Collect(TopNSelector selector, ReadOnlySpan<MarketQuote> quotes, FrozenDictionary<string, TickerEnrichment> enrichment)
    {
        var count = selector.Drain(_drain);
        var rows = new RankedRow[count];
        for (var k = 0; k < count; k++)
        {
            var i = _drain[k];
            rows[k] = RankedRow.From(quotes[i], _metrics[i], enrichment.GetValueOrDefault(quotes[i].Symbol, TickerEnrichment.None));
        }
        return rows;
    }
}
