using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Catalog;

/// <summary>
/// Writes one ticker's row of every non-window catalog column from what the engine already has in
/// hand (quote, metrics, enrichment). The column arrays are taken once per cycle, and each row's text
/// codes are remembered with the metadata object they came from, so the usual row costs array stores
/// and one reference comparison. One per engine; not thread-safe.
/// </summary>
internal sealed class MetricColumnsFiller
{
    private double[] _price = [], _prevClose = [], _open = [], _high = [], _low = [], _vwap = [], _volume = [];
    private double[] _dollarVolume = [], _change = [], _gap = [], _fromOpen = [], _vwapDistance = [], _fromHigh = [], _fromLow = [];
    private double[] _range = [], _move = [], _rvol = [], _floatRotation = [], _score = [];
    private double[] _marketCap = [], _floatShares = [], _sharesOutstanding = [], _avgVolume = [];
    private int[] _sector = [], _exchange = [], _session = [];
    private string[] _symbols = [];
    private TickerMetadata?[] _rowMetadata = [];
    private MetricColumns? _columns;
    private MarketSession _currentSession;
    private int _sessionCode;

    public void Begin(MetricColumns columns, int count, DateTimeOffset asOf, MarketSession session)
    {
        columns.Reset(count, asOf, session);
        if (!ReferenceEquals(columns, _columns))
        {
            // Codes belong to a columns object's text table: another one starts the cache afresh.
            _rowMetadata = [];
        }
        _columns = columns;
        _currentSession = session;
        _sessionCode = columns.Texts.CodeOf(session.ToKey());
        _price = columns.NumberArray(MetricCatalog.Price);
        _prevClose = columns.NumberArray(MetricCatalog.PrevClose);
        _open = columns.NumberArray(MetricCatalog.Open);
        _high = columns.NumberArray(MetricCatalog.High);
        _low = columns.NumberArray(MetricCatalog.Low);
        _vwap = columns.NumberArray(MetricCatalog.Vwap);
        _volume = columns.NumberArray(MetricCatalog.Volume);
        _dollarVolume = columns.NumberArray(MetricCatalog.DollarVolume);
        _change = columns.NumberArray(MetricCatalog.ChangePercent);
        _gap = columns.NumberArray(MetricCatalog.GapPercent);
        _fromOpen = columns.NumberArray(MetricCatalog.ChangeFromOpenPercent);
        _vwapDistance = columns.NumberArray(MetricCatalog.VwapDistancePercent);
        _fromHigh = columns.NumberArray(MetricCatalog.FromHighPercent);
        _fromLow = columns.NumberArray(MetricCatalog.FromLowPercent);
        _range = columns.NumberArray(MetricCatalog.RangePercent);
        _move = columns.NumberArray(MetricCatalog.MovePercent);
        _rvol = columns.NumberArray(MetricCatalog.Rvol);
        _floatRotation = columns.NumberArray(MetricCatalog.FloatRotation);
        _score = columns.NumberArray(MetricCatalog.Score);
        _marketCap = columns.NumberArray(MetricCatalog.MarketCap);
        _floatShares = columns.NumberArray(MetricCatalog.FloatShares);
        _sharesOutstanding = columns.NumberArray(MetricCatalog.SharesOutstanding);
        _avgVolume = columns.NumberArray(MetricCatalog.AvgVolume);
        _sector = columns.CodeArray(MetricCatalog.Sector);
        _exchange = columns.CodeArray(MetricCatalog.Exchange);
        _session = columns.CodeArray(MetricCatalog.Session);
        _symbols = columns.SymbolArray;
        if (_rowMetadata.Length < _symbols.Length)
        {
            // New arrays: every row's text codes are looked up afresh.
            _rowMetadata = new TickerMetadata?[_symbols.Length];
        }
    }

    public void Write(int row, in MarketQuote quote, in TickerMetrics m, TickerEnrichment enrichment)
    {
        _symbols[row] = quote.Symbol;
        var price = m.Price;
        _price[row] = price;
        _prevClose[row] = quote.PrevClose > 0 ? quote.PrevClose : double.NaN;
        _open[row] = quote.Open > 0 ? quote.Open : double.NaN;
        var high = quote.High > 0 ? Math.Max(quote.High, price) : double.NaN;
        var low = quote.Low > 0 ? Math.Min(quote.Low, price) : double.NaN;
        _high[row] = high;
        _low[row] = low;
        _vwap[row] = quote.Vwap > 0 ? quote.Vwap : double.NaN;
        _volume[row] = m.Volume;
        _dollarVolume[row] = m.DollarVolume;
        _change[row] = m.ChangePercent;
        _gap[row] = m.GapPercent;
        _fromOpen[row] = m.ChangeFromOpenPercent;
        _vwapDistance[row] = m.VwapDistancePercent;
        _fromHigh[row] = m.FromHighPercent;
        _fromLow[row] = m.FromLowPercent;
        _range[row] = (high - low) / low * 100;
        _move[row] = MetricsCalculator.MovePercent(m, _currentSession);
        _rvol[row] = m.Rvol;
        _floatRotation[row] = m.FloatRotation;
        _score[row] = m.Score;
        var metadata = enrichment.Metadata;
        _marketCap[row] = metadata?.MarketCap is { } cap ? (double)cap : double.NaN;
        _floatShares[row] = metadata?.FloatShares is { } floatShares ? floatShares : double.NaN;
        _sharesOutstanding[row] = metadata?.SharesOutstanding is { } shares ? shares : double.NaN;
        _avgVolume[row] = metadata?.AvgVolume is { } average ? average : double.NaN;
        if (!ReferenceEquals(_rowMetadata[row], metadata) || metadata is null)
        {
            _rowMetadata[row] = metadata;
            _sector[row] = _columns!.Texts.CodeOf(metadata?.Sector);
            _exchange[row] = _columns.Texts.CodeOf(metadata?.Exchange);
        }
        _session[row] = _sessionCode;
    }
}
