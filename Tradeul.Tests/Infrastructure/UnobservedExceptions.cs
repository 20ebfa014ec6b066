namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Runs a scenario and fails if a task it left behind faulted and nobody observed it: the
/// sign of a loop that dropped an error instead of counting and reporting it.
/// </summary>
internal static class UnobservedExceptions
{
    /// <param name="relevant">Which unobserved exceptions count; all when null (other tests' leftovers can surface here too).</param>
    public static async Task AssertNoneAsync(Func<Task> scenario, Func<AggregateException, bool>? relevant = null)
    {
        var unobserved = new List<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (relevant is null || relevant(e.Exception))
            {
                lock (unobserved)
                {
                    unobserved.Add(e.Exception);
                }
            }
        }
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await scenario();
            // Unobserved exceptions are raised by the finalizer of the faulted task.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            lock (unobserved)
            {
                Assert.Empty(unobserved);
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }
}
