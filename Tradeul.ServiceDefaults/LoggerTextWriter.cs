using System.Text;
using Microsoft.Extensions.Logging;

namespace Tradeul.ServiceDefaults;

/// <summary>
/// StackExchange.Redis reports connection progress to a TextWriter; this routes it into
/// the service's logs (and so to OTLP) at Debug level instead of losing it.
/// </summary>
internal sealed class LoggerTextWriter(ILogger logger) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Flush();
            return;
        }
        if (value != '\r')
        {
            _line.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        _line.Append(value);
        Flush();
    }

    public override void Flush()
    {
        if (_line.Length == 0)
        {
            return;
        }
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("{RedisConnectionLog}", _line.ToString());
        }
        _line.Clear();
    }
}
