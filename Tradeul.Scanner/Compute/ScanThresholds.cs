using Microsoft.Extensions.Options;

namespace Tradeul.Scanner.Compute;

/// <summary>Filters and category thresholds, bound from <c>Scanner:Thresholds</c> (DESIGN.md's defaults). Percentages are in percent.</summary>
public sealed class ScanThresholds
{
    public const string SectionName = "Scanner:Thresholds";

    // Filters every ranked ticker must pass.
    public double MinPrice { get; set; } = 1;
    public double MaxPrice { get; set; } = 5_000;
    public long MinVolume { get; set; } = 1_000;
    public double MinDollarVolume { get; set; } = 10_000;

    public double GapPercent { get; set; } = 2;

    public double MomentumNearExtremePercent { get; set; } = 1;
    public double MomentumMinChangePercent { get; set; } = 1;
    public double MomentumMinRvol { get; set; } = 1.5;
    public long MomentumMinVolume { get; set; } = 100_000;

    public double WinnersMinChangePercent { get; set; } = 5;
    public double WinnersMinRvol { get; set; } = 1.5;

    public double HighVolumeMinRvol { get; set; } = 2;
    public double AnomalyMinRvol { get; set; } = 3;

    public double NewExtremeWithinPercent { get; set; } = 2;

    /// <summary>
    /// Shares a ticker must have traded today before its RVOL counts for any category that tests
    /// RVOL (momentum, winners, losers, high_volume, anomalies): RVOL against a thin baseline is
    /// noise, and 8,534 shares once topped high_volume (issue 11). Default 50,000 shares.
    /// </summary>
    public long RvolMinVolume { get; set; } = 50_000;

    /// <summary>
    /// reversals: how far, in percent of the open (0-100), a gapper must have moved against its
    /// gap since the open. Default 2.
    /// </summary>
    public double ReversalMinFromOpenPercent { get; set; } = 2;

    public long PostMarketMinVolume { get; set; } = 20_000;
    public double PostMarketMinChangePercent { get; set; } = 0.5;
}

public sealed class ScanThresholdsValidator : IValidateOptions<ScanThresholds>
{
    public ValidateOptionsResult Validate(string? name, ScanThresholds t)
    {
        const string p = ScanThresholds.SectionName;
        var failures = new List<string>();
        if (t.MinPrice < 0) failures.Add($"{p}:MinPrice must not be negative (was {t.MinPrice}).");
        if (t.MaxPrice <= t.MinPrice) failures.Add($"{p}:MaxPrice must be above MinPrice (was {t.MaxPrice}).");
        if (t.GapPercent <= 0) failures.Add($"{p}:GapPercent must be greater than 0 (was {t.GapPercent}).");
        if (t.MomentumNearExtremePercent < 0) failures.Add($"{p}:MomentumNearExtremePercent must not be negative.");
        if (t.NewExtremeWithinPercent < 0) failures.Add($"{p}:NewExtremeWithinPercent must not be negative.");
        if (t.RvolMinVolume < 0) failures.Add($"{p}:RvolMinVolume must not be negative (was {t.RvolMinVolume} shares).");
        if (!(t.ReversalMinFromOpenPercent > 0 && t.ReversalMinFromOpenPercent <= 100))
        {
            failures.Add($"{p}:ReversalMinFromOpenPercent must be greater than 0 and at most 100 percent (was {t.ReversalMinFromOpenPercent}).");
        }
        if (t.HighVolumeMinRvol <= 0 || t.AnomalyMinRvol <= 0 || t.MomentumMinRvol <= 0 || t.WinnersMinRvol <= 0)
        {
            failures.Add($"{p}: every *MinRvol must be greater than 0.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
