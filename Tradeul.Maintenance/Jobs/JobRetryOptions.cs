namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// Bound from <c>Maintenance:JobRetry</c>. A failed job is tried again after
/// <see cref="FirstDelay"/>, doubling with each further failure in a row, never later than
/// its own interval: a metadata sync that fails once retries in about a minute, not 24 h.
/// </summary>
public sealed class JobRetryOptions
{
    /// <summary>Wait after a job's first failure in a row (default 1 min); a job whose interval is shorter waits its interval.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMinutes(1);
}
