using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Maintenance.Jobs;
using Tradeul.Shared.Hosting;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Maintenance;

/// <summary>One run of a job at a time, whatever started it: a manual request is refused while one runs, a scheduled run waits for it.</summary>
public sealed class JobBoardTests
{
    [Fact]
    public async Task A_scheduled_run_waits_for_the_manual_one_and_a_manual_request_during_a_scheduled_run_is_refused_naming_it()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero));
        var board = new JobBoard(clock, new LoopMonitor(), new JobTelemetry(services.GetRequiredService<IMeterFactory>()));
        var order = new List<string>();
        var releaseManual = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseScheduled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.True(board.TryStart("job", JobTrigger.Manual, out var manual, out _));
        var manualRun = board.RunAsync(manual, async _ => { lock (order) { order.Add("manual"); } return await releaseManual.Task; }, n => $"manual {n}", CancellationToken.None);
        var scheduledRun = board.RunAsync("job", async _ => { lock (order) { order.Add("scheduled"); } return await releaseScheduled.Task; }, n => $"scheduled {n}", CancellationToken.None);
        Assert.False(board.TryStart("job", JobTrigger.Manual, out _, out var busy));
        Assert.Equal((manual.RunId, "manual", "running"), (busy.RunId, busy.Trigger, busy.Outcome));

        releaseManual.SetResult(1);
        await manualRun;
        await Eventually.Until(() => { lock (order) { return order.Count == 2; } }, "the scheduled run to start");
        Assert.False(board.TryStart("job", JobTrigger.Manual, out _, out var scheduled));
        Assert.Equal(("scheduled", "running"), (scheduled.Trigger, scheduled.Outcome));
        Assert.Equal(("ok", "manual 1", manual.RunId), (board.All["job"].Outcome, board.All["job"].Detail, board.All["job"].RunId));
        Assert.Equal(scheduled.RunId, board.All["job"].Running?.RunId);

        releaseScheduled.SetResult(2);
        await scheduledRun;
        Assert.Equal(["manual", "scheduled"], order);
        Assert.Equal("scheduled 2", board.All["job"].Detail);
        Assert.Null(board.All["job"].Running);
        Assert.Equal("manual 1", board.Find(manual.RunId)?.Detail);
        Assert.True(board.TryStart("job", JobTrigger.Manual, out _, out _));
    }
}
