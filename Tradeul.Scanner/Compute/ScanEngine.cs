using System.Collections.Frozen;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Enrichment;
using Tradeul.Scanner.History;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>
/// Metrics, filters, score and categories for one snapshot, and the catalog's columns
/// (<see cref="Columns"/>) that scans evaluate over. Work arrays are reused across cycles, so the
/// per-ticker loop allocates nothing; only the output rankings are new. One engine per consumer:
/// not thread-safe.
/// </summary>
public sealed class ScanEngine
{
    private readonly ScanThresholds _thresholds;
    private readonly IReadOnlyList<ScanCategory> _categories;
    private readonly TopNSelector[] _selectors;
    private readonly TopNSelector _byScore;
    private readonly int[] _drain;
    private readonly bool[] _active;
    private readonly MetricColumnsFiller _filler = new();
    private TickerMetrics[] _metrics = [];
    private MarketQuote[] _quotes = [];
    private FrozenDictionary<string, TickerEnrichment> _enrichment = FrozenDictionary<string, TickerEnrichment>.Empty;

    /// <param name="history">The intraday history the window columns come from; a new empty one when null.</param>
    public ScanEngine(ScanThresholds thresholds, int topN, int filteredRows, IReadOnlyList<ScanCategory>? categories = null, IntradayHistory? history = null)
    {
        History = history ?? new IntradayHistory();
        _thresholds = thresholds;
        _categories = categories ?? ScanCategories.All;
        _selectors = _categories.Select(_ => new TopNSelector(topN)).ToArray();
        _byScore = new TopNSelector(filteredRows);
        _drain = new int[Math.Max(topN, filteredRows)];
        _active = new bool[_categories.Count];
    }

    /// <summary>Every catalog field of every ticker of the last scanned snapshot (row = snapshot row); refilled by each <see cref="Scan"/>.</summary>
    public MetricColumns Columns { get; } = new();

    /// <summary>The recent snapshots the window columns come from; every scanned snapshot is recorded in it.</summary>
    public IntradayHistory History { get; }

    public ScanResult Scan(RawSnapshot snapshot, FrozenDictionary<string, TickerEnrichment> enrichment)
    {
        var session = MarketCalendar.SessionAt(snapshot.AsOf);
        var minutes = RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(snapshot.AsOf));
        var quotes = snapshot.Rows;
        if (_metrics.Length < quotes.Length)
        {
            _metrics = new TickerMetrics[quotes.Length];
        }
        _quotes = snapshot.Quotes;
        _enrichment = enrichment;
        var slots = History.Record(snapshot);
        _filler.Begin(Columns, quotes.Length, snapshot.AsOf, session);
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
            var tickerEnrichment = enrichment.GetValueOrDefault(quotes[i].Symbol, TickerEnrichment.None);
            MetricsCalculator.Compute(quotes[i], session, minutes, tickerEnrichment, _thresholds, ref m);
            _filler.Write(i, quotes[i], m, tickerEnrichment);
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

        History.FillWindows(slots, snapshot.AsOf, Columns);

        var rankings = new List<CategoryRanking>(_categories.Count);
        for (var c = 0; c < _categories.Count; c++)
        {
            // A category outside its session publishes an empty ranking, not yesterday's rows.
            rankings.Add(new CategoryRanking(_categories[c].Name, _active[c] ? Collect(_selectors[c], quotes, enrichment) : []));
        }
        return new ScanResult(snapshot.Sequence, snapshot.AsOf, session, quotes.Length, passed, rankings, Collect(_byScore, quotes, enrichment));
    }

    /// <summary>Row <paramref name="row"/> of the last scanned snapshot as a ranking publishes it (a scan's result row).</summary>
    public RankedRow RowOf(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Columns.Count, nameof(row));
        var quote = _quotes[row];
        return RankedRow.From(quote, _metrics[row], _enrichment.GetValueOrDefault(quote.Symbol, TickerEnrichment.None));
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
