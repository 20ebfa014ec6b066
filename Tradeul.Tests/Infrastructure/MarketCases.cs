namespace Tradeul.Tests.Infrastructure;

/// <summary>The real-world market inputs in <c>Cases/</c> (see <c>Cases/CASES.md</c>), copied next to the test assembly.</summary>
internal static class MarketCases
{
    /// <summary>Full path of one case file, e.g. <c>01_split_day_gainers.json</c>.</summary>
    /// <exception cref="FileNotFoundException">When no such case was copied to the output.</exception>
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Cases", fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"No market case '{fileName}' next to the tests.", path);
    }

    public static string Text(string fileName) => File.ReadAllText(PathOf(fileName));
}
