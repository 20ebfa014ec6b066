namespace Tradeul.Scanner.Scans.Binding;

/// <summary>The functions of the scan language; nothing else can be called.</summary>
internal static class ScanFunctions
{
    public const string Abs = "abs";
    public const string Min = "min";
    public const string Max = "max";
    public const string Between = "between";

    public static IReadOnlyList<string> Names { get; } = [Abs, Min, Max, Between];

    public static bool Exists(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);
}
