using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Tradeul.AppHost;

/// <summary>How the AppHost provides Redis and PostgreSQL/TimescaleDB.</summary>
internal enum ServerMode
{
    /// <summary>The Redis and timescale/timescaledb containers (Docker or Podman).</summary>
    Containers,

    /// <summary>redis-server and PostgreSQL from the machine's packages, run as executables.</summary>
    Local,
}

/// <summary>
/// Chooses the <see cref="ServerMode"/>: <c>Tradeul:Servers</c> (<c>containers</c>, <c>local</c> or <c>auto</c>, the
/// default; also the environment variable <c>Tradeul__Servers</c>). <c>auto</c> asks the container runtime Aspire
/// would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, else docker) whether it is healthy: <c>{runtime} info</c> exiting 0
/// within 10 s. Publish mode always describes containers: that is what a deployment runs.
/// </summary>
internal sealed record ServerModeChoice(ServerMode Mode, string Reason, bool RuntimeProbed = false)
{
    public const string ConfigKey = "Tradeul:Servers";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <exception cref="TradeulConfigurationException"><c>Tradeul:Servers</c> holds something else.</exception>
    public static ServerModeChoice Choose(IConfiguration configuration, bool isPublishMode)
    {
        if (isPublishMode)
        {
            return new(ServerMode.Containers, "publish mode describes containers");
        }
        var setting = configuration[ConfigKey]?.Trim().ToLowerInvariant();
        switch (setting)
        {
            case "containers":
                return new(ServerMode.Containers, $"{ConfigKey}=containers");
            case "local":
                return new(ServerMode.Local, $"{ConfigKey}=local");
            case null or "" or "auto":
                var runtime = Runtime(configuration);
                var problem = ProbeContainerRuntime(runtime);
                return problem is null
                    ? new(ServerMode.Containers, $"'{runtime} info' answered: a container runtime is healthy", RuntimeProbed: true)
                    : new(ServerMode.Local, $"no healthy container runtime ({problem})");
            default:
                throw new TradeulConfigurationException(
                    $"{ConfigKey} is '{configuration[ConfigKey]}'; use 'containers', 'local' or 'auto'.");
        }
    }

    /// <summary>
    /// At start only (building the model, as tests do, needs no runtime): <c>containers</c> set by hand with no healthy
    /// runtime would leave every resource waiting forever, so it stops the AppHost with the reason instead.
    /// </summary>
    /// <exception cref="TradeulConfigurationException">The container runtime does not answer.</exception>
    public void RequireHealthyRuntime(IConfiguration configuration)
    {
        // auto already asked the runtime moments ago: only a mode set by hand needs asking.
        if (Mode == ServerMode.Containers && !RuntimeProbed && ProbeContainerRuntime(Runtime(configuration)) is { } problem)
        {
            throw new TradeulConfigurationException(
                $"{ConfigKey}=containers, but there is no healthy container runtime ({problem}). Start Docker or Podman, or use {ConfigKey}=local.");
        }
    }

    private static string Runtime(IConfiguration configuration) =>
        configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";

    /// <summary>Null when <c>{runtime} info</c> exits 0 in time; otherwise why not.</summary>
    private static string? ProbeContainerRuntime(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return $"'{runtime}' could not be started";
            }
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'{runtime} info' gave no answer within {ProbeTimeout.TotalSeconds:0} s";
            }
            return process.ExitCode == 0 ? null : $"'{runtime} info' exited with code {process.ExitCode}";
        }
        catch (Win32Exception)
        {
            return $"there is no '{runtime}' command";
        }
    }
}
