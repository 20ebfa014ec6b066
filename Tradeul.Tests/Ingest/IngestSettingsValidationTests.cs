using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Ingest;

/// <summary>The backoff and plausibility settings are checked at start, through Ingest's own wiring.</summary>
[Collection(RealServersCollection.Name)]
public sealed class IngestSettingsValidationTests(RealServersFixture servers)
{
    [Theory]
    [InlineData("Ingest:MaxBackoff", "00:00:01", "Ingest:MaxBackoff must not be shorter than Ingest:Interval")]
    [InlineData("Ingest:Plausibility:MinRowFraction", "1.5", "Ingest:Plausibility:MinRowFraction must be a ratio from 0 to 1")]
    [InlineData("Ingest:Plausibility:MinRowFraction", "-0.1", "Ingest:Plausibility:MinRowFraction must be a ratio from 0 to 1")]
    [InlineData("Ingest:Plausibility:MinRowFraction", "NaN", "Ingest:Plausibility:MinRowFraction must be a ratio from 0 to 1")]
    [InlineData("Ingest:Plausibility:AcceptCollapseAfter", "-1", "Ingest:Plausibility:AcceptCollapseAfter must be zero or more")]
    public async Task Invalid_settings_stop_start_up_with_a_message_that_names_them(string key, string value, string expected)
    {
        using var host = BuildHost(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_need_no_settings()
    {
        using var host = BuildHost([]);

        var ingest = host.Services.GetRequiredService<IOptions<IngestOptions>>().Value;
        var plausibility = host.Services.GetRequiredService<IOptions<SnapshotPlausibilityOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)), (ingest.Interval, ingest.MaxBackoff));
        Assert.Equal((0.5, 60), (plausibility.MinRowFraction, plausibility.AcceptCollapseAfter));
    }

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        // The shared test Redis: Ingest's wiring needs one, and nothing is written when start-up fails.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = servers.RedisConnectionString }.Concat(settings));
        builder.AddIngestServices();
        return builder.Build();
    }
}
