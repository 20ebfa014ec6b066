using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tradeul.Shared.Market;

/// <summary>
/// Makes the host's calendar <see cref="MarketCalendar.Current"/> while the host runs, when it
/// declares days; a host that declares none leaves the process on <see cref="TradingCalendar.Nyse"/>,
/// which is the same calendar.
/// </summary>
internal sealed partial class MarketCalendarInstaller : IHostedService, IDisposable
{
    private readonly IDisposable? _installation;

    public MarketCalendarInstaller(TradingCalendar calendar, ILogger<MarketCalendarInstaller> logger)
    {
        // On construction, not in StartAsync: the host builds every hosted service before it starts
        // any, and some read the calendar while being built (the simulated market picks its start day).
        if (calendar.DeclaredDays > 0)
        {
            _installation = MarketCalendar.Install(calendar);
            LogInstalled(logger, calendar.DeclaredDays);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _installation?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _installation?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Market calendar: {Count} declared closures and early closes (Market:Closures, Market:EarlyCloses) on top of the NYSE rules.")]
    private static partial void LogInstalled(ILogger logger, int count);
}
