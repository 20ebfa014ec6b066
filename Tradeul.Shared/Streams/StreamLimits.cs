using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tradeul.Shared.Streams;

/// <summary>
/// Resolves the effective <see cref="StreamLimit"/> of a stream: its configuration entry,
/// then the built-in default for it, then <c>Streams:Default</c>. A stream nothing names
/// still gets the default bound, with one warning, never unbounded growth.
/// </summary>
public sealed partial class StreamLimits
{
    private readonly StreamManagerOptions _options;
    private readonly ILogger<StreamLimits> _logger;
    private readonly ConcurrentDictionary<string, StreamLimit> _resolved = new(StringComparer.Ordinal);

    public StreamLimits(IOptions<StreamManagerOptions> options, ILogger<StreamLimits> logger)
    {
        _options = options.Value;
        _logger = logger;
        TrimmedStreams = BuiltInStreamLimits.All.Keys.Concat(_options.Streams.Keys)
            .Where(name => !StreamNamePattern.IsPattern(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Streams named exactly by configuration or built-in defaults: each gets a trim loop.</summary>
    public IReadOnlyList<string> TrimmedStreams { get; }

    public StreamLimit Resolve(string stream) => _resolved.GetOrAdd(stream, Compute);

    private StreamLimit Compute(string stream)
    {
        var configured = StreamNamePattern.Find(_options.Streams, stream);
        var builtIn = StreamNamePattern.Find(BuiltInStreamLimits.All, stream);
        var fallback = _options.Default;

        var maxLength = configured?.MaxLength ?? builtIn?.MaxLength ?? fallback.MaxLength ?? BuiltInStreamLimits.DefaultMaxLength;
        var threshold = configured?.TrimThreshold ?? builtIn?.TrimThreshold ?? fallback.TrimThreshold;
        if (threshold is null || threshold < maxLength)
        {
            // A default threshold below a configured MaxLength would trim on every check.
            threshold = BuiltInStreamLimits.DerivedTrimThreshold(maxLength);
        }
        var interval = configured?.TrimInterval ?? builtIn?.TrimInterval ?? fallback.TrimInterval ?? BuiltInStreamLimits.DefaultTrimInterval;
        var approximate = configured?.Approximate ?? builtIn?.Approximate ?? fallback.Approximate ?? true;
        var isConfigured = configured is not null || builtIn is not null;
        if (!isConfigured)
        {
            LogUnconfiguredStream(_logger, stream, maxLength);
        }
        return new StreamLimit(maxLength, threshold.Value, interval, approximate, isConfigured);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} has no entry under Streams:; using the default MaxLength {MaxLength}. Configure it to size it on purpose.")]
    private static partial void LogUnconfiguredStream(ILogger logger, string stream, int maxLength);
}
