using System.Collections.Concurrent;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// Runs a job on request (an API call) in the background, after the response: on this singleton's own
/// dependencies, never on a request's services (those are disposed once the response is sent), under the
/// <see cref="JobBoard"/>'s one-run-per-job rule, on the host's lifetime (stopping the host cancels the run).
/// The board records the outcome; this logs it. Shutdown waits for the runs it started.
/// </summary>
public sealed partial class ManualJobRuns(JobBoard board, IHostApplicationLifetime lifetime, ILogger<ManualJobRuns> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a manual run of <paramref name="job"/> unless one of it is going on (manual or scheduled): then
    /// false, and <paramref name="run"/> is that run. Otherwise true, and <paramref name="run"/> is the new run
    /// (outcome <c>running</c>), whose id <see cref="JobBoard.Find"/> answers while it runs and after.
    /// </summary>
    public bool TryStart<T>(string job, Func<CancellationToken, Task<T>> work, Func<T, string> describe, out JobRun run)
    {
        if (!board.TryStart(job, JobTrigger.Manual, out var ticket, out var running))
        {
            run = running;
            return false;
        }
        run = board.Find(ticket.RunId)!;
        var task = Task.Run(() => RunAsync(ticket, work, describe));
        _inFlight[ticket.RunId] = task;
        _ = task.ContinueWith(_ => _inFlight.TryRemove(ticket.RunId, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private async Task RunAsync<T>(JobRunTicket ticket, Func<CancellationToken, Task<T>> work, Func<T, string> describe)
    {
        try
        {
            await board.RunAsync(ticket, work, describe, lifetime.ApplicationStopping).ConfigureAwait(false);
            LogFinished(logger, ticket.Job, ticket.RunId);
        }
        catch (JobInputMissingException miss)
        {
            LogMissed(logger, ticket.Job, ticket.RunId, miss.Message);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogCanceled(logger, ticket.Job, ticket.RunId);
        }
        catch (Exception ex)
        {
            // Recorded on the board (status and health show it); logged here with its stack.
            LogFailed(logger, ex, ticket.Job, ticket.RunId);
        }
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual run {RunId} of {Job} finished.")]
    private static partial void LogFinished(ILogger logger, string job, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Manual run {RunId} of {Job} missed its input: {Reason}")]
    private static partial void LogMissed(ILogger logger, string job, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Manual run {RunId} of {Job} was canceled: the service is stopping.")]
    private static partial void LogCanceled(ILogger logger, string job, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Manual run {RunId} of {Job} failed.")]
    private static partial void LogFailed(ILogger logger, Exception error, string job, string runId);
}
