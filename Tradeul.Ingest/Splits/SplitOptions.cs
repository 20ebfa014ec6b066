using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.Splits;

/// <summary>Bound from <c>Ingest:Splits</c>: where the day's splits come from and when a row looks like an unadjusted one.</summary>
public sealed class SplitOptions
{
    public const string SectionName = "Ingest:Splits";
    public const string ProviderSource = "provider";
    public const string NoSource = "none";

    /// <summary>
    /// "provider" (default): the market data provider's own split calendar (Polygon's
    /// <c>/v3/reference/splits</c>, or the simulated market's splits). "none": no calendar, so no
    /// row is adjusted and every suspect row is held out as unresolved.
    /// </summary>
    public string Source { get; set; } = ProviderSource;

    /// <summary>
    /// While the day's splits are unknown (the fetch failed, or no source), a row whose price is
    /// at least this many times its previous close, or at most its reciprocal, looks like an
    /// unadjusted split and is held out of change and gap categories. A ratio, greater than 1;
    /// default 3 (a 1-for-3 reverse split, or -67 %).
    /// </summary>
    public double SuspectRatio { get; set; } = 3;

    /// <summary>
    /// The same test for a symbol the day's known listing does not name. Higher than
    /// <see cref="SuspectRatio"/>, because with the listing in hand a big move is most likely a
    /// real one (a +250 % biotech gapper is exactly what a gap scanner exists to show), while a
    /// split the listing missed is still caught when it is large: most reverse splits of
    /// small caps are 1-for-10 or more. A ratio, at least <see cref="SuspectRatio"/>; default 10.
    /// </summary>
    public double UnlistedSuspectRatio { get; set; } = 10;

    /// <summary>Wait before fetching the day's splits again after a failed fetch; doubles with each further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between fetch attempts after failures (an HTTP Retry-After may ask for longer).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class SplitOptionsValidator : IValidateOptions<SplitOptions>
{
    public ValidateOptionsResult Validate(string? name, SplitOptions options)
    {
        const string prefix = SplitOptions.SectionName;
        var failures = new List<string>();
        if (options.Source is not (SplitOptions.ProviderSource or SplitOptions.NoSource))
        {
            failures.Add($"{prefix}:Source must be '{SplitOptions.ProviderSource}' or '{SplitOptions.NoSource}' (was '{options.Source}').");
        }
        if (!double.IsFinite(options.UnlistedSuspectRatio) || options.UnlistedSuspectRatio < options.SuspectRatio)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:UnlistedSuspectRatio must be a number not below SuspectRatio (was {options.UnlistedSuspectRatio})."));
        }
        if (!double.IsFinite(options.SuspectRatio) || options.SuspectRatio <= 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:SuspectRatio must be a number greater than 1 (was {options.SuspectRatio})."));
        }
        if (options.RetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:RetryDelay must be greater than zero (was {options.RetryDelay}).");
        }
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{prefix}:MaxRetryDelay must not be shorter than RetryDelay (was {options.MaxRetryDelay}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
