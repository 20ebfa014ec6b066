using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.DayRecord;

public static class DayRecordServiceCollectionExtensions
{
    /// <summary>
    /// The record of the trading day, its options (<c>Ingest:DayRecord</c>, validated at start)
    /// and its write at shutdown. Call before the ingest loop is registered, so the write
    /// comes after the loop's last cycle.
    /// </summary>
    public static IServiceCollection AddDayRecord(this IServiceCollection services)
    {
        services.AddOptions<DayRecordOptions>().BindConfiguration(DayRecordOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DayRecordOptions>, DayRecordOptionsValidator>();
        services.AddSingleton<DayRecordStore>();
        services.AddSingleton<DayRecordTelemetry>();
        services.AddSingleton<DayRecordKeeper>();
        services.AddHostedService<DayRecordShutdownWriter>();
        return services;
    }
}
