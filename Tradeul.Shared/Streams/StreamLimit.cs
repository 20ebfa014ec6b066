namespace Tradeul.Shared.Streams;

/// <summary>The bound applied to one stream, after configuration and defaults are merged.</summary>
/// <param name="MaxLength">Entries kept; every XADD applies MAXLEN with this value.</param>
/// <param name="TrimThreshold">Length past which the background loop trims exactly to MaxLength.</param>
/// <param name="TrimInterval">How often the background loop checks XLEN.</param>
/// <param name="Approximate">XADD uses MAXLEN ~ (cheap, whole radix-tree nodes) instead of an exact trim.</param>
/// <param name="IsConfigured">False when neither configuration nor a built-in default names the stream.</param>
public sealed record StreamLimit(int MaxLength, int TrimThreshold, TimeSpan TrimInterval, bool Approximate, bool IsConfigured);
