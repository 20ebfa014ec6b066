using Microsoft.Playwright;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// The machine's Chromium (Debian's <c>chromium</c> package) driven by Playwright. Never a downloaded browser: the
/// tests run offline, and <c>playwright install</c> is not part of this project.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Starts Playwright's driver (node and its package ship in the NuGet package's <c>.playwright</c> folder).</summary>
    public static Task<IPlaywright> StartPlaywrightAsync()
    {
        // Missing Chromium is a broken setup, not a reason to skip: the test says how to fix it.
        Assert.True(File.Exists(ExecutablePath),
            $"Chromium is not installed ({ExecutablePath} is missing). ./test.sh installs it (Debian/Ubuntu apt package 'chromium').");
        // Nothing here downloads: ExecutablePath means Playwright looks up none of its own browsers. The machine has no
        // network beyond loopback, so should a driver version ever try to fetch a browser, it is told not to.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return Playwright.CreateAsync();
    }

    /// <summary>A headless Chromium with a fresh temporary profile (Playwright makes one per launch) and no outside traffic.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", // Chromium's sandbox refuses to start as root, as the tests run here.
                "--disable-gpu", // headless servers have none; software rendering is enough for screenshots
                // Loopback only: no QUIC probes, first-run pages, update, component or sync requests.
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
}
