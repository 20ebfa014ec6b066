using System.Net;
using System.Net.Sockets;
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

    /// <summary>
    /// At start: the port must be free on 127.0.0.1, or DCP's proxy cannot take it and the URL the AppHost prints
    /// would reach whatever holds it. Skipped when ports are randomized (tests).
    /// </summary>
    /// <exception cref="TradeulConfigurationException">Another process listens there.</exception>
    public static void RequireFree(IConfiguration configuration, string service, int port)
    {
        if (configuration.GetValue("DcpPublisher:RandomizePorts", false))
        {
            return;
        }
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new TradeulConfigurationException(
                $"Port {port} for {service} is already in use by another process (another ./run.sh?). Stop it, or set Tradeul:Ports:{service}.");
        }
    }
}
