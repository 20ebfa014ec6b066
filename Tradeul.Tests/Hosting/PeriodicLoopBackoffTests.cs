using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Shared.Hosting;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Hosting;

public sealed class PeriodicLoopBackoffTests
{
    private sealed class RateLimited(TimeSpan? retryAfter) : Exception("429"), IRetryAfterHint
    {
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    [Fact]
    public void Delays_double_from_the_first_and_stop_at_the_cap()
    {
        var backoff = new FailureBackoff(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(n => backoff.DelayAfter(n).TotalMinutes));
        Assert.Equal(TimeSpan.FromMinutes(5), backoff.DelayAfter(10_000));
        var jittered = backoff.JitteredDelayAfter(2, new Random(7));
        Assert.InRange(jittered, TimeSpan.FromMinutes(1.6), TimeSpan.FromMinutes(2));
        Assert.Throws<ArgumentException>(() => new FailureBackoff(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)).Validate("Jobs:Retry"));
    }

    /// <summary>
    /// A loop with a 24 h interval that fails retries after about 1, 2, 4 min (not 24 h),
    /// waits at least what a Retry-After hint asks, and returns to its interval after a success.
    /// </summary>
    [Fact]
    public async Task A_failing_iteration_is_retried_with_backoff_and_a_success_restores_the_interval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var status = new LoopStatus("job:test");
        var outcomes = new Queue<Exception?>([new InvalidOperationException("a"), new InvalidOperationException("b"),
            new InvalidOperationException("c"), new RateLimited(TimeSpan.FromMinutes(30)), null, new InvalidOperationException("d")]);
        using var stop = new CancellationTokenSource();
        var loop = PeriodicLoop.RunAsync(status, TimeSpan.FromHours(24), time, _ =>
        {
            var next = outcomes.Count > 0 ? outcomes.Dequeue() : null;
            return next is null ? Task.CompletedTask : Task.FromException(next);
        }, NullLogger.Instance, stop.Token, backoff: new FailureBackoff(TimeSpan.FromMinutes(1), TimeSpan.FromHours(24)));

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            await Eventually.Until(() => status.State == LoopState.Waiting && status.Iterations == i + 1, $"iteration {i + 1}");
            var wait = status.NextAttemptAt!.Value - time.GetUtcNow();
            waits.Add(wait);
            time.Advance(wait);
        }
        stop.Cancel();
        await loop;

        Assert.InRange(waits[0], TimeSpan.FromMinutes(0.8), TimeSpan.FromMinutes(1));
        Assert.InRange(waits[1], TimeSpan.FromMinutes(1.6), TimeSpan.FromMinutes(2));
        Assert.InRange(waits[2], TimeSpan.FromMinutes(3.2), TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromMinutes(30), waits[3]);
        Assert.Equal(TimeSpan.FromHours(24), waits[4]);
        // The failure count started again after the success: back to about a minute.
        Assert.InRange(waits[5], TimeSpan.FromMinutes(0.8), TimeSpan.FromMinutes(1));
        Assert.Equal(LoopState.Stopped, status.State);
    }
}
