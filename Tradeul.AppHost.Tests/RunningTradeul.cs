using System.Security.Cryptography;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// The AppHost started once for all platform tests, with fresh containers (no volumes) and every
/// secret set here, so nothing is generated into the developer's user secrets.
/// </summary>
public sealed class RunningTradeul : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    public string MaintenanceApiKey { get; } = Secret();

    public DistributedApplication App => app ?? throw new InvalidOperationException(
        ContainerEngine.UnavailableReason ?? "The platform did not start.");

    private DistributedApplication? app;

    public async Task InitializeAsync()
    {
        if (ContainerEngine.UnavailableReason is not null)
        {
            return;
        }

        var builder = await AppHostModel.CreateAsync();
        builder.Configuration["Parameters:maintenance-api-key"] = MaintenanceApiKey;
        builder.Configuration["Parameters:redis-password"] = Secret();
        builder.Configuration["Parameters:timescaledb-password"] = Secret();
        builder.Configuration["Parameters:timescaledb-username"] = "tradeul";

        using var timeout = new CancellationTokenSource(StartTimeout);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
}
