using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Tradeul.Shared.Market;

public static class MarketCalendarServiceCollectionExtensions
{
    /// <summary>
    /// The service's <see cref="TradingCalendar"/>: the NYSE rules, the shipped one-off days and
    /// the days declared under <c>Market</c> (<see cref="MarketCalendarOptions"/>, validated at
    /// start: a bad entry stops the service naming its key). While the host runs, a calendar with
    /// declared days is <see cref="MarketCalendar.Current"/>, so every static session decision
    /// honours it. Call it before registering anything that reads the calendar while being
    /// constructed (the hosted services are built in registration order).
    /// </summary>
    public static IServiceCollection AddMarketCalendar(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TradingCalendar)))
        {
            return services;
        }
        services.AddOptions<MarketCalendarOptions>().BindConfiguration(MarketCalendarOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MarketCalendarOptions>, MarketCalendarOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MarketCalendarOptions>>().Value.ToCalendar());
        services.AddSingleton<IHostedService, MarketCalendarInstaller>();
        return services;
    }
}
