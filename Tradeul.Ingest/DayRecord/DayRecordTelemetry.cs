using System.Diagnostics.Metrics;
using Tradeul.Ingest.Telemetry;

namespace Tradeul.Ingest.DayRecord;

/// <summary>The record of the day's metrics, on Ingest's meter.</summary>
public sealed class DayRecordTelemetry
{
    private readonly Counter<long> _rows;
    private readonly Counter<long> _storeFailures;

    public DayRecordTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(IngestTelemetry.Name);
        _rows = meter.CreateCounter<long>("tradeul.ingest.day_record.rows", "{row}",
            "Published rows by what the record of the day did: filled (a day value the provider left at zero came from the record), unknown (published with no day high or low).");
        _storeFailures = meter.CreateCounter<long>("tradeul.ingest.day_record.store_failures", "{failure}",
            "Failed reads (operation=load: unreadable, started afresh) and writes (operation=persist) of the kept record.");
    }

    public void Applied(int filledRows, int unknownRows)
    {
        _rows.Add(filledRows, new KeyValuePair<string, object?>("outcome", "filled"));
        _rows.Add(unknownRows, new KeyValuePair<string, object?>("outcome", "unknown"));
    }

    public void StoreFailed(string operation) =>
        _storeFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
