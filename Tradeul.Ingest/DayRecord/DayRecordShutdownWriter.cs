using Microsoft.Extensions.Hosting;

namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// Writes the record of the day when Ingest stops, so a restart resumes from the last
/// snapshot seen rather than from the last periodic write. Registered before the ingest loop,
/// so it stops after the loop's last cycle.
/// </summary>
internal sealed class DayRecordShutdownWriter(DayRecordKeeper keeper) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => keeper.PersistAsync(cancellationToken);
}
