using System.Diagnostics.Metrics;
using Tradeul.Ingest.Telemetry;

namespace Tradeul.Ingest.Splits;

/// <summary>Split metrics on Ingest's meter (<see cref="IngestTelemetry.Name"/>).</summary>
public sealed class SplitTelemetry
{
    public const string RowsInstrument = "tradeul.ingest.split_rows";
    public const string FetchesInstrument = "tradeul.ingest.split_fetches";

    private readonly Counter<long> _rows;
    private readonly Counter<long> _fetches;

    public SplitTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(IngestTelemetry.Name);
        _rows = meter.CreateCounter<long>(RowsInstrument, "{row}",
            "Published rows whose previous close a split executing today adjusted (outcome=adjusted), or held out of change and gap categories as an unadjusted split nothing explains (outcome=unresolved).");
        _fetches = meter.CreateCounter<long>(FetchesInstrument, "{fetch}", "Fetches of the day's splits by outcome (succeeded, failed).");
    }

    public void Rows(int adjusted, int unresolved)
    {
        if (adjusted > 0)
        {
            _rows.Add(adjusted, new KeyValuePair<string, object?>("outcome", "adjusted"));
        }
        if (unresolved > 0)
        {
            _rows.Add(unresolved, new KeyValuePair<string, object?>("outcome", "unresolved"));
        }
    }

    public void Fetched(string outcome) => _fetches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
