using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.Simulated;

/// <summary>Bound from <c>Simulated</c>: the market Ingest plays when no real provider is configured.</summary>
public sealed class SimulatedMarketOptions
{
    public const string SectionName = "Simulated";

    public int Tickers { get; set; } = 12_000;
    public int Seed { get; set; } = 20_261_123;

    /// <summary>Simulated seconds per real second. 60 plays an hour a minute.</summary>
    public double SpeedFactor { get; set; } = 1;

    /// <summary>
    /// Market time at start. Unset: now, if now is inside a trading day's 04:00–20:00;
    /// otherwise 09:25 New York time of the latest trading day, so a demo shows a live market;
    /// in both cases the as-of of the newest <c>snapshots:raw</c> entry when that is later, so a
    /// restart resumes the simulated day instead of replaying it.
    /// </summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Write the simulated tickers' metadata and RVOL baselines to Redis at start.</summary>
    public bool SeedReferenceData { get; set; } = true;

    /// <summary>Send the day bar as Polygon does: all zero before 09:30 ET (the minute bar and price still move).</summary>
    public bool ZeroDayBarBeforeOpen { get; set; } = true;
}

public sealed class SimulatedMarketOptionsValidator : IValidateOptions<SimulatedMarketOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatedMarketOptions options)
    {
        var failures = new List<string>();
        if (options.Tickers is <= 0 or > 200_000)
        {
            failures.Add($"{SimulatedMarketOptions.SectionName}:Tickers must be between 1 and 200000 (was {options.Tickers}).");
        }
        if (!double.IsFinite(options.SpeedFactor) || options.SpeedFactor <= 0 || options.SpeedFactor > 100_000)
        {
            failures.Add($"{SimulatedMarketOptions.SectionName}:SpeedFactor must be greater than 0 and at most 100000 (was {options.SpeedFactor}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
