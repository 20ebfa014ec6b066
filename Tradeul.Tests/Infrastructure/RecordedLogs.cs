using Microsoft.Extensions.Logging;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Every log record a test host let through its filters (category, level, message, exception), for
/// tests that assert what was logged and at which level. Add it with <c>logging.AddProvider(recorded)</c>.
/// </summary>
internal sealed class RecordedLogs : ILoggerProvider
{
    private readonly List<Entry> _entries = [];

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    /// <summary>The records so far, oldest first.</summary>
    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The host's filter rules decide; this records whatever they let through.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (logs._entries)
            {
                logs._entries.Add(new Entry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
