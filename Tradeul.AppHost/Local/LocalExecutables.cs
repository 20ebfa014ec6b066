namespace Tradeul.AppHost.Local;

/// <summary>Finding the machine's programs and making the data folders of <c>local</c> mode, with errors a person can act on.</summary>
internal static class LocalExecutables
{
    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Creates <paramref name="directory"/> and its parents.</summary>
    /// <exception cref="TradeulConfigurationException">It cannot be created (read-only, not a folder, no permission), naming the setting.</exception>
    public static void CreateDataDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TradeulConfigurationException(
                $"Cannot create '{directory}' for local server data ({ex.Message}). Set Tradeul:DataDirectory to a writable folder.", ex);
        }
    }
}
