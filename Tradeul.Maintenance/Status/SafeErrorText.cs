using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using StackExchange.Redis;

namespace Tradeul.Maintenance.Status;

/// <summary>
/// An exception as status, health and job records may show it: <c>{type}: {message}</c>, where the message
/// names no host, port, address, user, password, database or connection string. Connection failures are
/// described by what failed (e.g. <c>could not connect to PostgreSQL (ConnectionRefused)</c>) rather than by
/// the driver's text, which names the endpoint; PostgreSQL's own errors keep their SQLSTATE and message, except
/// authentication failures and unknown databases, whose messages name the user or the database. Whatever text is
/// left is scrubbed of anything shaped like a connection detail, as a second line of defence.
/// </summary>
public static partial class SafeErrorText
{
    private const string Redacted = "[redacted]";

    /// <summary>The exception's type name and a message without connection details.</summary>
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"{error.GetType().Name}: {Message(error)}";
    }

    private static string Message(Exception error) => error switch
    {
        // 28xxx (invalid authorization) names the user; 3D000 names the database.
        PostgresException { SqlState: var state } when state.StartsWith("28", StringComparison.Ordinal) => $"{state}: PostgreSQL refused the credentials",
        PostgresException { SqlState: "3D000" } => "3D000: the configured database does not exist",
        PostgresException postgres => $"{postgres.SqlState}: {Scrub(postgres.MessageText)}",
        NpgsqlException { InnerException: SocketException socket } => $"could not connect to PostgreSQL ({socket.SocketErrorCode})",
        NpgsqlException { InnerException: TimeoutException } => "PostgreSQL did not answer in time",
        RedisConnectionException redis => $"could not connect to Redis ({redis.FailureType})",
        RedisTimeoutException => "Redis did not answer in time",
        _ => Scrub(error.Message),
    };

    /// <summary>The text with every connection-string setting, URL, IP address, <c>host:port</c> and quoted user name replaced by <c>[redacted]</c>.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Url().Replace(text, Redacted);
        text = ConnectionSetting().Replace(text, Redacted);
        text = QuotedUser().Replace(text, "${word} \"" + Redacted + "\"");
        text = IPv6().Replace(text, Redacted);
        text = IPv4().Replace(text, Redacted);
        text = HostAndPort().Replace(text, Redacted);
        return text;
    }

    /// <summary>scheme://anything up to whitespace (redis://user:password@host:6379, postgres://...).</summary>
    [GeneratedRegex(@"\b[a-z][a-z0-9+.\-]*://\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    /// <summary>key=value of the settings that locate or authenticate a server, as Npgsql and StackExchange.Redis spell them.</summary>
    [GeneratedRegex(@"\b(host|server|port|user ?name|user ?id|user|uid|password|pwd|database|initial catalog|data source|endpoint|ssl ?host|passfile|ssl ?password)\s*=\s*(""[^""]*""|'[^']*'|[^;,\s]*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionSetting();

    /// <summary>user "name", role "name", database "name" in server messages.</summary>
    [GeneratedRegex(@"\b(?<word>user|role|database)\s+""[^""]*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedUser();

    [GeneratedRegex(@"\[[0-9a-f:.]*:[0-9a-f:.]*\](:\d+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IPv6();

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    /// <summary>name:port and name.domain:port (e.g. localhost:6379, db.internal:5432); a name starts with a letter, so a time of day (15:30) is left alone.</summary>
    [GeneratedRegex(@"\b[a-z][a-z0-9\-]*(?:\.[a-z0-9\-]+)*:\d{1,5}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostAndPort();
}
