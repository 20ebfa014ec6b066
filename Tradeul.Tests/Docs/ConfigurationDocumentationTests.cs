using System.Text.RegularExpressions;

namespace Tradeul.Tests.Docs;

/// <summary>
/// Every key an options class binds (the rule is <see cref="BoundSettings"/>'s) is named in
/// <c>docs/configuration.md</c>, written out in full (<c>Ingest:Splits:SuspectRatio</c>, not only
/// <c>SuspectRatio</c> under a heading), so a setting added to a service is documented with it.
/// </summary>
public sealed class ConfigurationDocumentationTests
{
    private static readonly string ConfigurationPath = Path.Combine(RepositoryDocuments.DocsFolder, "configuration.md");

    [Fact]
    public void Every_bound_setting_is_documented_in_configuration_md()
    {
        var text = File.ReadAllText(ConfigurationPath);
        var missing = BoundSettings.Keys().Where(key => !Names(text, key)).ToList();

        Assert.True(missing.Count == 0,
            $"docs/configuration.md does not document {missing.Count} bound settings (write each key in full, with its default and meaning):\n"
            + string.Join("\n", missing));
    }

    [Fact]
    public void The_rule_finds_the_options_classes_and_their_nested_sections()
    {
        var sections = BoundSettings.OptionsClasses().Select(c => c.Section).ToList();
        foreach (var expected in new[] { "Ingest", "Ingest:Splits", "Ingest:DayRecord", "Ingest:Plausibility", "Simulated", "Polygon", "Scanner", "Scanner:Thresholds", "Maintenance", "Streams", "Snapshots", "Market" })
        {
            Assert.Contains(expected, sections);
        }

        var keys = BoundSettings.Keys();
        Assert.Contains("Maintenance:JobRetry:FirstDelay", keys);   // a nested options class
        Assert.Contains("Streams:Default:MaxLength", keys);         // a nested settings class
        Assert.Contains("Market:EarlyCloses:{i}:Close", keys);      // a list of entries
        Assert.DoesNotContain("Scanner:EffectiveConsumerName", keys); // computed, never bound
        Assert.DoesNotContain("Streams:Streams", keys);              // filled by its own reader from Streams:<name>
    }

    [Theory]
    [InlineData("`Ingest:Interval` | 5 s", "Ingest:Interval", true)]
    [InlineData("`Ingest:DayRecord:PersistInterval`", "Ingest:Interval", false)]
    [InlineData("`Scanner:TopNRows`", "Scanner:TopN", false)]
    [InlineData("`Maintenance:PersistenceInterval`", "Maintenance:PersistenceInterval", true)]
    public void A_key_counts_only_when_written_out_whole(string text, string key, bool named) =>
        Assert.Equal(named, Names(text, key));

    /// <summary>Whether <paramref name="text"/> holds <paramref name="key"/> as a whole key, not as part of a longer one.</summary>
    private static bool Names(string text, string key) =>
        Regex.IsMatch(text, $@"(?<![\w:]){Regex.Escape(key)}(?![\w])");
}
