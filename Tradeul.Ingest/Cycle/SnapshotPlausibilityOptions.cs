using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.Cycle;

/// <summary>Bound from <c>Ingest:Plausibility</c>: when a snapshot is too small to publish (see <see cref="SnapshotPlausibility"/>).</summary>
public sealed class SnapshotPlausibilityOptions
{
    public const string SectionName = "Ingest:Plausibility";

    /// <summary>
    /// During a session, a snapshot with fewer rows than this fraction (a ratio, 0-1) of the last
    /// published one is suspect. 0.5: a whole market does not lose half its tickers between two
    /// snapshots 5 s apart; a provider answering with a partial or empty list does. 0 turns the
    /// collapse check off (an empty snapshot during a session stays suspect).
    /// </summary>
    public double MinRowFraction { get; set; } = 0.5;

    /// <summary>
    /// After this many suspect snapshots in a row, a collapsed but non-empty snapshot is taken as
    /// the market's new size and published (the universe really shrank, e.g. a plan change).
    /// 60 = 5 minutes at the default 5 s interval. An empty snapshot during a session is never taken.
    /// </summary>
    public int AcceptCollapseAfter { get; set; } = 60;
}

public sealed class SnapshotPlausibilityOptionsValidator : IValidateOptions<SnapshotPlausibilityOptions>
{
    public ValidateOptionsResult Validate(string? name, SnapshotPlausibilityOptions options)
    {
        const string prefix = SnapshotPlausibilityOptions.SectionName;
        var failures = new List<string>();
        if (!(options.MinRowFraction is >= 0 and <= 1))
        {
            failures.Add($"{prefix}:MinRowFraction must be a ratio from 0 to 1 (was {options.MinRowFraction}).");
        }
        if (options.AcceptCollapseAfter < 0)
        {
            failures.Add($"{prefix}:AcceptCollapseAfter must be zero or more snapshots (was {options.AcceptCollapseAfter}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
