namespace Tradeul.Shared.Streams;

/// <summary>
/// Stream limits from the <c>Streams</c> section: <c>Streams:Default:*</c> and
/// <c>Streams:&lt;name&gt;:*</c>, where a name may contain ':' (<c>Streams:snapshots:raw:MaxLength</c>)
/// and '*' as a wildcard (<c>Streams:snapshot:*:deltas:MaxLength</c>).
/// </summary>
public sealed class StreamManagerOptions
{
    public const string SectionName = "Streams";
    public const string DefaultEntryName = "Default";

    public StreamLimitSettings Default { get; set; } = new();

    public Dictionary<string, StreamLimitSettings> Streams { get; } = new(StringComparer.Ordinal);
}
