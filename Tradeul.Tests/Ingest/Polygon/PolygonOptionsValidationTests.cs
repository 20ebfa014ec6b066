using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Providers.Polygon;

namespace Tradeul.Tests.Ingest.Polygon;

public sealed class PolygonOptionsValidationTests
{
    [Theory]
    [InlineData("Polygon:ApiKey", "", "Polygon:ApiKey is required when Ingest:Provider is polygon")]
    [InlineData("Polygon:ApiKey", "   ", "Polygon:ApiKey is required")]
    [InlineData("Polygon:ApiKey", "pk_live\n", "Polygon:ApiKey must not contain whitespace")]
    [InlineData("Polygon:BaseUrl", "api.polygon.io", "Polygon:BaseUrl")]
    [InlineData("Polygon:BaseUrl", "ftp://api.polygon.io", "Polygon:BaseUrl")]
    [InlineData("Polygon:Timeout", "00:00:00", "Polygon:Timeout")]
    public async Task Invalid_settings_stop_start_up_with_a_message_that_names_them(string key, string value, string expected)
    {
        using var host = BuildHost(new() { ["Polygon:ApiKey"] = "pk_valid", [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_api_key_stops_start_up()
    {
        using var host = BuildHost([]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Polygon:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_settings_start_and_defaults_apply()
    {
        using var host = BuildHost(new() { ["Polygon:ApiKey"] = "pk_valid" });

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<PolygonOptions>>().Value;
        await host.StopAsync();

        Assert.Equal("https://api.polygon.io", options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.False(options.IncludeOtc);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPolygonProvider();
        return builder.Build();
    }
}
