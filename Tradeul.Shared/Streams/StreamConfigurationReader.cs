using Microsoft.Extensions.Configuration;

namespace Tradeul.Shared.Streams;

/// <summary>
/// Reads <c>Streams:&lt;name&gt;:&lt;setting&gt;</c> where the name itself contains ':'
/// (<c>snapshots:raw</c>): configuration treats ':' as nesting, so a plain dictionary bind
/// would split the name. Any section that directly holds a setting key is a stream entry,
/// named by its path below <c>Streams</c>.
/// </summary>
internal static class StreamConfigurationReader
{
    public static void Read(IConfigurationSection streams, StreamManagerOptions options)
    {
        foreach (var child in streams.GetChildren())
        {
            if (child.Key == StreamManagerOptions.DefaultEntryName)
            {
                child.Bind(options.Default);
                continue;
            }
            Walk(child, child.Key, options);
        }
    }

    private static void Walk(IConfigurationSection section, string name, StreamManagerOptions options)
    {
        var children = section.GetChildren().ToList();
        if (children.Exists(c => StreamLimitSettings.Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            var settings = options.Streams.TryGetValue(name, out var existing) ? existing : new StreamLimitSettings();
            section.Bind(settings);
            options.Streams[name] = settings;
        }
        foreach (var child in children)
        {
            if (!StreamLimitSettings.Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Walk(child, $"{name}:{child.Key}", options);
            }
        }
    }
}
