namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// The formatted text of every warning (and worse) a test host logged, for tests that assert
/// what was said; filled by a <see cref="TestOutputLoggerProvider"/> given this.
/// </summary>
internal sealed class RecordedWarnings
{
    private readonly List<string> _messages = [];

    /// <summary>"Category: message" of each warning so far, oldest first.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public void Add(string message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }
}
