using Microsoft.Extensions.Time.Testing;

namespace Tradeul.Tests.Faults;

internal static class FakeClock
{
    /// <summary>
    /// Awaits work whose waits (Polly's retry delays and timeouts, registered on the service's
    /// TimeProvider) run on <paramref name="time"/>: the fake clock is moved on in small steps
    /// for as long as the work has not finished, so a retry schedule plays out without real
    /// waiting and without hanging on a clock nobody moves.
    /// </summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> work, TimeSpan? step = null)
    {
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(5));
            if (!work.IsCompleted)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }
        return await work;
    }
}
