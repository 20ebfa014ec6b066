namespace Tradeul.AppHost.Tests;

/// <summary>
/// What a person sees when a setting or the machine is wrong: one line naming what to change and exit code 2,
/// before anything starts (no hang, nothing left running). The AppHost runs as its own process here.
/// </summary>
public sealed class ConfigurationErrorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("--Tradeul:Servers=kubernetes", "Tradeul:Servers is 'kubernetes'")]
    [InlineData("--Tradeul:Ports:scanner=abc", "Tradeul:Ports:scanner is 'abc'")]
    [InlineData("--Tradeul:Local:PostgresBin=/nonexistent", "Tradeul:Local:PostgresBin is '/nonexistent'")]
    public async Task A_bad_setting_stops_the_apphost_with_the_setting_named(string argument, string message)
    {
        var result = await AppHostProcess.RunAsync(["--Tradeul:Servers=local", argument], Patience, AppHostProcess.RunModeOnFreePorts);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " + message, result.Errors);
        Assert.DoesNotContain("   at ", result.Errors); // a sentence, not a stack trace
    }

    [Fact]
    public async Task A_data_folder_that_is_not_a_cluster_stops_the_apphost_instead_of_being_reused_or_overwritten()
    {
        var dataDirectory = TestDataDirectory.Create();
        try
        {
            // A file where the cluster's folder should be (a half-made cluster from an interrupted run looks the same).
            Directory.CreateDirectory(Path.Combine(dataDirectory, "postgres"));
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "postgres", "cluster"), "not a folder");

            var result = await AppHostProcess.RunAsync(
                ["--Tradeul:Servers=local", $"--Tradeul:DataDirectory={dataDirectory}"], Patience, AppHostProcess.RunModeOnFreePorts);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("holds no PostgreSQL cluster", result.Errors);
            Assert.Equal("not a folder", await File.ReadAllTextAsync(Path.Combine(dataDirectory, "postgres", "cluster"))); // untouched
        }
        finally
        {
            TestDataDirectory.Delete(dataDirectory);
        }
    }
}
