using System.Diagnostics.Metrics;

namespace Tradeul.Maintenance.Jobs;

/// <summary>Metrics of Maintenance's batch jobs, on the <c>Tradeul.Maintenance</c> meter.</summary>
public sealed class JobTelemetry
{
    public const string MeterName = "Tradeul.Maintenance";
    public const string UnrepresentableValuesCounter = "tradeul.maintenance.unrepresentable_values";

    private readonly Counter<long> _unrepresentable;

    public JobTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _unrepresentable = meter.CreateCounter<long>(UnrepresentableValuesCounter, "{value}",
            "Values a job read as null because .NET cannot hold them (numeric NaN, past decimal or Int64), by job and column.");
    }

    public void Unrepresentable(string job, IReadOnlyDictionary<string, int> byColumn)
    {
        foreach (var (column, count) in byColumn)
        {
            _unrepresentable.Add(count, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("column", column));
        }
    }
}
