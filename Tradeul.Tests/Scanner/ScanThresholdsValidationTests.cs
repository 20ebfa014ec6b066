using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tradeul.Scanner.Compute;

namespace Tradeul.Tests.Scanner;

/// <summary>The thresholds issue 11 added, bound from configuration and validated as the Scanner registers them.</summary>
public sealed class ScanThresholdsValidationTests
{
    private static ScanThresholds Bind(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => $"{ScanThresholds.SectionName}:{s.Key}", s => (string?)s.Value))
            .Build());
        services.AddOptions<ScanThresholds>().BindConfiguration(ScanThresholds.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScanThresholds>, ScanThresholdsValidator>();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ScanThresholds>>().Value;
    }

    [Fact]
    public void Defaults_work_with_no_configuration()
    {
        var thresholds = Bind();

        Assert.Equal(50_000, thresholds.RvolMinVolume);
        Assert.Equal(2, thresholds.ReversalMinFromOpenPercent);
    }

    [Fact]
    public void Configured_values_are_bound()
    {
        var thresholds = Bind(("RvolMinVolume", "250000"), ("ReversalMinFromOpenPercent", "3.5"));

        Assert.Equal(250_000, thresholds.RvolMinVolume);
        Assert.Equal(3.5, thresholds.ReversalMinFromOpenPercent);
    }

    [Theory]
    [InlineData("RvolMinVolume", "-1", "Scanner:Thresholds:RvolMinVolume must not be negative (was -1 shares).")]
    [InlineData("ReversalMinFromOpenPercent", "0", "Scanner:Thresholds:ReversalMinFromOpenPercent must be greater than 0 and at most 100 percent (was 0).")]
    [InlineData("ReversalMinFromOpenPercent", "101", "Scanner:Thresholds:ReversalMinFromOpenPercent must be greater than 0 and at most 100 percent (was 101).")]
    [InlineData("ReversalMinFromOpenPercent", "NaN", "Scanner:Thresholds:ReversalMinFromOpenPercent must be greater than 0 and at most 100 percent (was NaN).")]
    public void A_bad_value_is_refused_naming_the_setting(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind((key, value)));

        Assert.Equal([message], error.Failures);
    }
}
