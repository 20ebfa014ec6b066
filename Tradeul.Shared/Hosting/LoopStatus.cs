namespace Tradeul.Shared.Hosting;

public enum LoopState
{
    Starting,
    Working,
    Waiting,
    Stopped,
    /// <summary>The loop ended with an exception: its service is unhealthy.</summary>
    Died,
}

/// <summary>
/// What one background loop is doing, written by the loop and read by the health check and
/// by tests (which wait for <see cref="LoopState.Waiting"/> before moving a fake clock).
/// </summary>
public sealed class LoopStatus(string name)
{
    private readonly Lock _gate = new();
    private long _iterations;

    public string Name { get; } = name;
    public LoopState State { get; private set; } = LoopState.Starting;
    public long Iterations => Interlocked.Read(ref _iterations);
    public int ConsecutiveFailures { get; private set; }
    public long Failures { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? LastSuccessAt { get; private set; }

    public void Working()
    {
        lock (_gate)
        {
            State = LoopState.Working;
        }
    }

    public void Succeeded(DateTimeOffset at)
    {
        lock (_gate)
        {
            ConsecutiveFailures = 0;
            LastSuccessAt = at;
            Interlocked.Increment(ref _iterations);
        }
    }

    public void Failed(Exception error)
    {
        lock (_gate)
        {
            ConsecutiveFailures++;
            Failures++;
            // Type and message only: the health report must not carry stack traces or secrets.
            LastError = $"{error.GetType().Name}: {error.Message}";
            Interlocked.Increment(ref _iterations);
        }
    }

    /// <summary>When the loop's next iteration is due (UTC); null before its first wait.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Called once the next wait has been scheduled, so a fake clock can be advanced safely.</summary>
    public void Waiting(DateTimeOffset? nextAttemptAt = null)
    {
        lock (_gate)
        {
            State = LoopState.Waiting;
            NextAttemptAt = nextAttemptAt;
        }
    }

    public void Stopped()
    {
        lock (_gate)
        {
            State = LoopState.Stopped;
        }
    }

    public void Died(Exception error)
    {
        lock (_gate)
        {
            State = LoopState.Died;
            LastError = $"{error.GetType().Name}: {error.Message}";
        }
    }
}
