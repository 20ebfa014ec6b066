using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Sends a test host's logs to the test's output, so a failing test shows what the service said,
/// and its warnings to <paramref name="warnings"/> when given.
/// </summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output, RecordedWarnings? warnings = null) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, warnings, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, RecordedWarnings? warnings, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                warnings?.Add($"{category}: {formatter(state, exception)}");
            }
            try
            {
                output.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }
}
