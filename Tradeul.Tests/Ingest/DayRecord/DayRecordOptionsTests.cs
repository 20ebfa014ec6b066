using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tradeul.Ingest;
using Tradeul.Ingest.DayRecord;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Ingest.DayRecord;

[Collection(RealServersCollection.Name)]
public sealed class DayRecordOptionsTests(RealServersFixture servers)
{
    [Theory]
    [InlineData("Ingest:DayRecord:MaxObservationGap", "00:00:05", "Ingest:DayRecord:MaxObservationGap (00:00:05) must be longer than Ingest:Interval (00:00:05)")]
    [InlineData("Ingest:DayRecord:MaxObservationGap", "02:00:00", "Ingest:DayRecord:MaxObservationGap must be between 1 s and 1 h")]
    [InlineData("Ingest:DayRecord:PersistInterval", "00:00:00", "Ingest:DayRecord:PersistInterval must be between 1 s and 1 h")]
    public async Task A_bad_setting_stops_Ingest_at_start_naming_it(string key, string value, string expected)
    {
        using var host = BuildIngest(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_settings_the_defaults_apply()
    {
        using var host = BuildIngest([]);

        var options = host.Services.GetRequiredService<IOptions<DayRecordOptions>>().Value;

        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)), (options.MaxObservationGap, options.PersistInterval));
    }

    private IHost BuildIngest(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = servers.RedisConnectionString,
            ["Simulated:Tickers"] = "10",
            ["Simulated:SeedReferenceData"] = "false",
        }.Concat(settings));
        builder.AddIngestServices();
        return builder.Build();
    }
}
