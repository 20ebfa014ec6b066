using System.ComponentModel;
using System.Diagnostics;

namespace Tradeul.AppHost.Tests;

/// <summary>Whether a container runtime answers here, asked once per test run.</summary>
internal static class ContainerEngine
{
    private static readonly Lazy<string?> unavailableReason = new(Probe);

    /// <summary>Null when the runtime answers; otherwise why these tests cannot start containers.</summary>
    public static string? UnavailableReason => unavailableReason.Value;

    private static string? Probe()
    {
        // The same switch Aspire reads to pick podman over docker.
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
            ?? "docker";
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
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
                return $"'{runtime} info' did not answer within 15 s";
            }
            return process.ExitCode == 0 ? null : $"'{runtime} info' failed with exit code {process.ExitCode}";
        }
        catch (Win32Exception)
        {
            return $"there is no '{runtime}' command on this machine";
        }
    }
}

/// <summary>A test that starts the whole platform; skipped, with the reason, where no container runtime answers.</summary>
public sealed class RequiresContainerRuntimeFactAttribute : FactAttribute
{
    public RequiresContainerRuntimeFactAttribute()
    {
        if (ContainerEngine.UnavailableReason is { } reason)
        {
            Skip = $"Needs a container runtime to start Redis and TimescaleDB containers: {reason}.";
        }
    }
}
