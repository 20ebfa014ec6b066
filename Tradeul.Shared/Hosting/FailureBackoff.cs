namespace Tradeul.Shared.Hosting;

/// <summary>
/// How long a <see cref="PeriodicLoop"/> waits after failed iterations: <see cref="First"/>
/// after the first failure, doubling with each further failure in a row, never more than
/// <see cref="Max"/>. Each wait is shortened by up to 20 % at random so that several
/// instances failing together do not retry in lockstep (AWS Architecture Blog, "Exponential
/// Backoff And Jitter"). A success returns the loop to its normal interval.
/// </summary>
/// <param name="First">Wait after the first failure in a row; greater than zero.</param>
/// <param name="Max">Longest wait; at least <paramref name="First"/>.</param>
public sealed record FailureBackoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The wait after <paramref name="consecutiveFailures"/> failures in a row (1 = the first), before jitter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="consecutiveFailures"/> is below 1.</exception>
    public TimeSpan DelayAfter(int consecutiveFailures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        // 2^30 x any sane First is past every Max; capping the exponent keeps the multiply finite.
        var doubled = First.TotalMilliseconds * Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, Max.TotalMilliseconds));
    }

    /// <summary>The wait after <paramref name="consecutiveFailures"/> failures, with up to 20 % taken off at random.</summary>
    public TimeSpan JitteredDelayAfter(int consecutiveFailures, Random random) =>
        DelayAfter(consecutiveFailures) * (1 - 0.2 * random.NextDouble());

    /// <summary>
    /// The wait after <paramref name="consecutiveFailures"/> failures ending in <paramref name="error"/>:
    /// the jittered delay, or longer when the error carries a Retry-After (<see cref="IRetryAfterHint"/>)
    /// that asks for more, up to <see cref="LongestHintedWait"/> so no hint can overflow a timer. An
    /// <see cref="IRetryIn"/> error (an expected absence, not a fault) waits exactly its own
    /// <see cref="IRetryIn.RetryIn"/>, however many failures came before.
    /// </summary>
    public TimeSpan WaitAfter(int consecutiveFailures, Exception error, Random random)
    {
        if (error is IRetryIn { RetryIn: var fixedWait } && fixedWait > TimeSpan.Zero)
        {
            return fixedWait < LongestHintedWait ? fixedWait : LongestHintedWait;
        }
        var wait = JitteredDelayAfter(consecutiveFailures, random);
        if (error is IRetryAfterHint { RetryAfter: { } asked } && asked > wait)
        {
            wait = asked < LongestHintedWait ? asked : LongestHintedWait;
        }
        return wait;
    }

    /// <summary>The longest wait an <see cref="IRetryAfterHint"/> can impose: one day.</summary>
    public static readonly TimeSpan LongestHintedWait = TimeSpan.FromDays(1);

    /// <summary>The behaviour of a loop without backoff: try again one interval later.</summary>
    public static FailureBackoff Constant(TimeSpan interval) => new(interval, interval);

    /// <summary>
    /// Retries from <paramref name="first"/>, never later than the loop's own
    /// <paramref name="interval"/> (a failure never delays the next try past the normal
    /// schedule); a <paramref name="first"/> longer than the interval is cut to it.
    /// </summary>
    public static FailureBackoff CappedByInterval(TimeSpan first, TimeSpan interval) => new(first < interval ? first : interval, interval);

    /// <summary>Throws when <see cref="First"/> is not positive or <see cref="Max"/> is below it; <paramref name="setting"/> names the configuration key.</summary>
    public void Validate(string setting)
    {
        if (First <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{setting}: the first retry delay must be greater than zero (was {First}).");
        }
        if (Max < First)
        {
            throw new ArgumentException($"{setting}: the longest retry delay ({Max}) must not be shorter than the first ({First}).");
        }
    }
}

/// <summary>
/// An error that says when to try again, such as an HTTP 429 or 503 answer with a
/// <c>Retry-After</c> header (RFC 9110, section 10.2.3). A <see cref="PeriodicLoop"/> that
/// catches one waits at least that long before its next iteration.
/// </summary>
public interface IRetryAfterHint
{
    /// <summary>How long the other side asked us to wait; null when it did not say.</summary>
    TimeSpan? RetryAfter { get; }
}

/// <summary>
/// A failed iteration that is an expected, passing absence (an input another service has not
/// written yet) rather than a fault: a <see cref="PeriodicLoop"/> tries again after exactly
/// <see cref="RetryIn"/>, neither doubled by the failures in a row nor jittered, so the retry
/// lands where the configuration says.
/// </summary>
public interface IRetryIn
{
    /// <summary>How long to wait before the next try; greater than zero.</summary>
    TimeSpan RetryIn { get; }
}
