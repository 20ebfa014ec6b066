using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Snapshots;
using Tradeul.Shared.Streams;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Streams;

[Collection(RealServersCollection.Name)]
public sealed class StreamOptionsTests(RealServersFixture servers)
{
    [Theory]
    [InlineData("Streams:snapshots:raw:MaxLength", "0", "Streams:snapshots:raw:MaxLength")]
    [InlineData("Streams:Default:MaxLength", "-5", "Streams:Default:MaxLength")]
    [InlineData("Streams:tickers:filtered:TrimThreshold", "499", "Streams:tickers:filtered:TrimThreshold")]
    [InlineData("Streams:stream:ranking:deltas:TrimInterval", "00:00:00", "Streams:stream:ranking:deltas:TrimInterval")]
    [InlineData("Snapshots:FullInterval", "00:00:00", "Snapshots:FullInterval")]
    [InlineData("Snapshots:FullInterval", "-00:01:00", "Snapshots:FullInterval")]
    [InlineData("Snapshots:MaxDeltaRatio", "1.5", "Snapshots:MaxDeltaRatio")]
    public async Task Invalid_settings_stop_start_up_with_a_message_that_names_them(string key, string value, string named)
    {
        var builder = TestHosts.Builder(servers.RedisConnectionString, [new(key, value)]);
        builder.Services.AddSnapshotManager();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_names_with_colons_and_wildcards_read_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:snapshots:raw:MaxLength"] = "40",
            ["Streams:snapshots:raw:TrimInterval"] = "00:00:05",
            ["Streams:snapshot:*:deltas:MaxLength"] = "300",
            ["Streams:Default:MaxLength"] = "777",
            ["Streams:Default:Approximate"] = "false",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOptions<StreamManagerOptions>().Configure<IConfiguration>((options, config) =>
            StreamConfigurationReader.Read(config.GetSection(StreamManagerOptions.SectionName), options));
        services.AddSingleton<StreamLimits>();
        using var provider = services.BuildServiceProvider();
        var limits = provider.GetRequiredService<StreamLimits>();

        var raw = limits.Resolve(RedisKeys.RawSnapshots);
        Assert.Equal(40, raw.MaxLength);
        Assert.Equal(TimeSpan.FromSeconds(5), raw.TrimInterval);
        Assert.Equal(44, raw.TrimThreshold);
        Assert.Equal(300, limits.Resolve(RedisKeys.SnapshotDeltas("gappers_up")).MaxLength);
        Assert.Equal(5_000, limits.Resolve(RedisKeys.RankingDeltas).MaxLength);

        var unknown = limits.Resolve("nobody:configured:this");
        Assert.Equal(777, unknown.MaxLength);
        Assert.False(unknown.Approximate);
        Assert.False(unknown.IsConfigured);

        Assert.Contains(RedisKeys.RawSnapshots, limits.TrimmedStreams);
        Assert.DoesNotContain(RedisKeys.SnapshotDeltasPattern, limits.TrimmedStreams);
    }

    [Theory]
    [InlineData("snapshot:*:deltas", "snapshot:gappers_up:deltas", true)]
    [InlineData("snapshot:*:deltas", "snapshot::deltas", true)]
    [InlineData("snapshot:*:deltas", "snapshot:x:full", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "ac", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void Wildcard_names_match_as_globs(string pattern, string name, bool expected) =>
        Assert.Equal(expected, StreamNamePattern.Matches(pattern, name));
}
