namespace Tradeul.Shared.Streams;

/// <summary>One <c>Streams:&lt;name&gt;</c> section; unset values fall back to the defaults.</summary>
public sealed class StreamLimitSettings
{
    public int? MaxLength { get; set; }
    public int? TrimThreshold { get; set; }
    public TimeSpan? TrimInterval { get; set; }
    public bool? Approximate { get; set; }

    internal static readonly string[] Keys = [nameof(MaxLength), nameof(TrimThreshold), nameof(TrimInterval), nameof(Approximate)];
}
