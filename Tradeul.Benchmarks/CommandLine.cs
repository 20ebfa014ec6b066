using System.Globalization;

namespace Tradeul.Benchmarks;

/// <summary>"--name value" pairs; a bad or unknown option is an error that says which.</summary>
internal sealed class CommandLine(Dictionary<string, string> values)
{
    public static CommandLine Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
            {
                throw new ArgumentException($"Expected '--option value', got '{name}'.");
            }
            values[name[2..]] = e.Current;
        }
        return new CommandLine(values);
    }

    public bool Flag(string name, bool fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return bool.TryParse(text, out var value) ? value : throw new ArgumentException($"--{name} must be true or false (was '{text}').");
    }

    public int Int(string name, int fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a positive whole number (was '{text}').");
    }

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);
}
