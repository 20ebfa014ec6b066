using System.Diagnostics;

namespace Tradeul.AppHost.Tests;

/// <summary>The built AppHost run as its own process, as a person or azd runs it (<c>dotnet run --project Tradeul.AppHost -- …</c>).</summary>
internal static class AppHostProcess
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    /// <summary>
    /// Run mode without the launch profile's fixed ports: the dashboard and its endpoints (the MCP one too, which
    /// the launch profile sets) on free loopback ports over plain HTTP, so a run never collides with a
    /// <c>./run.sh</c> on the same machine.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RunModeOnFreePorts = new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:0",
        ["ASPIRE_DASHBOARD_MCP_ENDPOINT_URL"] = "http://127.0.0.1:0",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
    };

    /// <summary>Runs it to its end, killed after <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">It did not end in time (it was killed, with its children).</exception>
    public static async Task<Result> RunAsync(IEnumerable<string> appHostArgs, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        foreach (var arg in new[] { "run", "--no-build", "--no-launch-profile", "--project", Projects.Tradeul_AppHost.ProjectPath, "--" }.Concat(appHostArgs))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not exit within {timeout}: {await output} {await errors}");
        }
        return new Result(process.ExitCode, await output, await errors);
    }
}
