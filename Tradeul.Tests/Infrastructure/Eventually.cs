namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Waits for an asynchronous effect of real processes (a server coming up, a reconnect).
/// The deadline is only a safety net against hanging: the behaviour under test never
/// depends on how long this waits. Time-driven behaviour uses FakeTimeProvider instead.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        T last;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                lastError = ex;
                last = default!;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {last}", lastError);
            }
            await Task.Delay(25);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        Until(() => Task.FromResult(condition()), static ok => ok, what, deadline);
}
