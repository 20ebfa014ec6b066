using Microsoft.Extensions.Configuration;

namespace Tradeul.AppHost;

/// <summary>
/// The host ports people and scripts rely on: Ingest 5101, Scanner 5102, Maintenance 5103 (the dashboard's proxy
/// listens there; each process gets a port of its own behind it). <c>Tradeul:Ports:{service}</c> overrides one.
/// Tests randomize every port (Aspire.Hosting.Testing sets <c>DcpPublisher:RandomizePorts</c>), so they never
/// collide with a running <c>./run.sh</c>.
/// </summary>
internal static class ServicePorts
{
    private static readonly Dictionary<string, int> Defaults = new(StringComparer.Ordinal)
    {
        ["ingest"] = 5101,
        ["scanner"] = 5102,
        ["maintenance"] = 5103,
    };

    /// <exception cref="TradeulConfigurationException">The override is not a port number.</exception>
    public static int For(IConfiguration configuration, string service)
    {
        var configured = configuration[$"Tradeul:Ports:{service}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Defaults[service];
        }
        return int.TryParse(configured, out var port) && port is > 0 and < 65536
            ? port
            : throw new TradeulConfigurationException($"Tradeul:Ports:{service} is '{configured}', not a port number (1-65535).");
    }
}
