using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Tradeul.Maintenance.Status;
using Tradeul.Shared.Hosting;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// Every Maintenance job's runs: at most one run of a job at a time, whatever started it (its loop or an
/// API call); the run going on and the last finished one, for the status endpoint, with when its loop tries
/// next (from the job's <see cref="LoopStatus"/>) and the values a run read as null because .NET could not
/// hold them; and the last <see cref="RunsKeptPerJob"/> finished runs of each job by id.
/// </summary>
public sealed class JobBoard(TimeProvider time, LoopMonitor monitor, JobTelemetry telemetry)
{
    /// <summary>Finished runs kept per job for <see cref="Find"/>: at the default hourly interval, more than half a day of persistence runs.</summary>
    public const int RunsKeptPerJob = 16;

    private readonly ConcurrentDictionary<string, JobSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>
    /// Each job that has started a run: its last finished run (with the run going on now under
    /// <see cref="JobRun.Running"/>), or the run going on when none has finished yet; sorted by job name.
    /// </summary>
    public IReadOnlyDictionary<string, JobRun> All
    {
        get
        {
            var all = new SortedDictionary<string, JobRun>(StringComparer.Ordinal);
            foreach (var (job, slot) in _slots)
            {
                JobRun? last;
                JobRun? running;
                lock (slot.Gate)
                {
                    (last, running) = (slot.Last, slot.Running);
                }
                var shown = last is null ? running : last with { Running = running };
                if (shown is null)
                {
                    continue;
                }
                all[job] = monitor.Find(JobLoop.LoopNameOf(job)) is { } loop
                    ? shown with { NextAttemptAt = loop.NextAttemptAt, ConsecutiveFailures = loop.ConsecutiveFailures }
                    : shown;
            }
            return all;
        }
    }

    /// <summary>The run with this id, going on or among the last <see cref="RunsKeptPerJob"/> finished of its job; null when unknown.</summary>
    public JobRun? Find(string runId)
    {
        foreach (var slot in _slots.Values)
        {
            lock (slot.Gate)
            {
                if (slot.Running?.RunId == runId)
                {
                    return slot.Running;
                }
                foreach (var run in slot.Recent)
                {
                    if (run.RunId == runId)
                    {
                        return run;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Claims the job for a run unless one is going on: then false, with that run in <paramref name="running"/>.
    /// A claimed run must be passed to <see cref="RunAsync{T}(JobRunTicket, Func{CancellationToken, Task{T}}, Func{T, string}, CancellationToken)"/>, which releases it.
    /// </summary>
    public bool TryStart(string job, string trigger, [NotNullWhen(true)] out JobRunTicket? ticket, [NotNullWhen(false)] out JobRun? running)
    {
        var slot = _slots.GetOrAdd(job, static _ => new JobSlot());
        lock (slot.Gate)
        {
            if (slot.Running is { } busy)
            {
                (ticket, running) = (null, busy);
                return false;
            }
            ticket = Claim(slot, job, trigger);
            running = null;
            return true;
        }
    }

    /// <summary>Claims the job for a run, waiting for the run going on (if any) to end first.</summary>
    public async Task<JobRunTicket> StartAsync(string job, string trigger, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(job, static _ => new JobSlot());
        while (true)
        {
            Task busy;
            lock (slot.Gate)
            {
                if (slot.Running is null)
                {
                    return Claim(slot, job, trigger);
                }
                busy = slot.Ended!.Task;
            }
            await busy.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A scheduled run: waits for a run going on to end, then runs the job, records how it went, and rethrows its failure for the loop to count and log.</summary>
    public async Task<T> RunAsync<T>(string job, Func<CancellationToken, Task<T>> work, Func<T, string> describe, CancellationToken cancellationToken)
    {
        var ticket = await StartAsync(job, JobTrigger.Scheduled, cancellationToken).ConfigureAwait(false);
        return await RunAsync(ticket, work, describe, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a claimed run, records how it went (a <see cref="JobInputMissingException"/> as a miss), releases the job, and rethrows any failure.</summary>
    public async Task<T> RunAsync<T>(JobRunTicket ticket, Func<CancellationToken, Task<T>> work, Func<T, string> describe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var clock = Stopwatch.StartNew();
        T result;
        string detail;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
            detail = describe(result);
        }
        catch (JobInputMissingException miss)
        {
            Finish(ticket, JobOutcome.Missed, miss.Message, clock, null);
            throw;
        }
        catch (Exception ex)
        {
            Finish(ticket, JobOutcome.Failed, SafeErrorText.Of(ex), clock, null);
            throw;
        }
        var unrepresentable = result is IReportsUnrepresentableValues { Unrepresentable.Count: > 0 } report ? report.Unrepresentable : null;
        Finish(ticket, JobOutcome.Ok, detail, clock, unrepresentable);
        if (unrepresentable is not null)
        {
            telemetry.Unrepresentable(ticket.Job, unrepresentable);
        }
        return result;
    }

    private JobRunTicket Claim(JobSlot slot, string job, string trigger)
    {
        var ticket = new JobRunTicket(job, Guid.CreateVersion7().ToString("N"), trigger, time.GetUtcNow());
        slot.Running = new JobRun(ticket.RunId, job, trigger, ticket.StartedAt, JobOutcome.Running, "", null);
        slot.Ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return ticket;
    }

    private void Finish(JobRunTicket ticket, string outcome, string detail, Stopwatch clock, IReadOnlyDictionary<string, int>? unrepresentable)
    {
        var run = new JobRun(ticket.RunId, ticket.Job, ticket.Trigger, ticket.StartedAt, outcome, detail, Math.Round(clock.Elapsed.TotalMilliseconds, 1))
        {
            Unrepresentable = unrepresentable,
        };
        var slot = _slots[ticket.Job];
        TaskCompletionSource? ended;
        lock (slot.Gate)
        {
            if (slot.Running?.RunId != ticket.RunId)
            {
                throw new InvalidOperationException($"Run {ticket.RunId} of {ticket.Job} is not the one going on: a ticket runs once.");
            }
            slot.Last = run;
            slot.Running = null;
            slot.Recent.Enqueue(run);
            while (slot.Recent.Count > RunsKeptPerJob)
            {
                slot.Recent.Dequeue();
            }
            (ended, slot.Ended) = (slot.Ended, null);
        }
        ended?.TrySetResult();
    }

    private sealed class JobSlot
    {
        public readonly Lock Gate = new();
        public JobRun? Running;
        public TaskCompletionSource? Ended;
        public JobRun? Last;
        public readonly Queue<JobRun> Recent = new();
    }
}

/// <summary>A run claimed on the <see cref="JobBoard"/> and not yet run: the job is held for it.</summary>
public sealed record JobRunTicket(string Job, string RunId, string Trigger, DateTimeOffset StartedAt);
