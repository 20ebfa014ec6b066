using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tradeul.Ingest;
using Tradeul.Ingest.Splits;

namespace Tradeul.Tests.Ingest.Splits;

public sealed class SplitOptionsTests
{
    [Fact]
    public void The_defaults_need_no_account_and_pass()
    {
        var defaults = new SplitOptions();

        Assert.Equal((SplitOptions.ProviderSource, 3.0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)),
            (defaults.Source, defaults.SuspectRatio, defaults.RetryDelay, defaults.MaxRetryDelay));
        Assert.True(new SplitOptionsValidator().Validate(null, defaults).Succeeded);
    }

    [Fact]
    public async Task Bad_settings_stop_Ingest_at_start_naming_each_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false",
            ["Simulated:SeedReferenceData"] = "false",
            ["Ingest:Splits:Source"] = "yahoo",
            ["Ingest:Splits:SuspectRatio"] = "1",
            ["Ingest:Splits:RetryDelay"] = "00:00:00",
            ["Ingest:Splits:MaxRetryDelay"] = "-00:00:01",
        });
        builder.AddIngestServices();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Ingest:Splits:Source", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ingest:Splits:SuspectRatio", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ingest:Splits:RetryDelay", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ingest:Splits:MaxRetryDelay", StringComparison.Ordinal));
    }
}
