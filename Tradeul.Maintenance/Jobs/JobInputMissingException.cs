using Tradeul.Shared.Hosting;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// A job found no input where it expected one (another service down or late): a miss, recorded as
/// <see cref="JobOutcome.Missed"/>, counted, and tried again after <see cref="RetryIn"/> by the job's loop
/// (not on the failure backoff: nothing here is broken, the input may simply come a little later).
/// </summary>
public sealed class JobInputMissingException(string message, TimeSpan retryIn) : Exception(message), IRetryIn
{
    public TimeSpan RetryIn { get; } = retryIn;
}
