using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// The Aspire dashboard as a person sees it, in a real browser (the machine's Chromium through Playwright): signed in
/// with the login URL's token, its Resources page lists Tradeul's servers and services as running, and its Traces page
/// lists the cycles Ingest and Scanner export over OTLP. <see cref="TelemetryTests"/> reads the same telemetry from the
/// dashboard's API; this checks that the pages people use render it. Screenshots of both pages are saved under the
/// test output's <c>screenshots</c> folder.
/// </summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class DashboardBrowserTests(LocalPlatform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>How long a page may take to show what it should (ms): its lists are live, filled over the Blazor circuit.</summary>
    private const float PageTimeout = 30_000;

    private static readonly string[] Services = ["maintenance", "ingest", "scanner"];

    private static readonly string[] Resources = ["redis", "timescaledb", .. Services];

    private static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task The_dashboard_shows_the_resources_running_and_the_ingest_and_scanner_cycle_traces()
    {
        using var playwright = await SystemChromium.StartPlaywrightAsync(); // first: a missing browser fails at once
        await using var browser = await SystemChromium.LaunchAsync(playwright);

        using var timeout = new CancellationTokenSource(Patience);
        foreach (var service in Services)
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }
        var login = await platform.App.GetDashboardUrlAsync(timeout.Token);
        await using var context = await NewContextAsync(browser);
        var page = await OpenResourcesSignedInAsync(context, login);
        foreach (var resource in Resources)
        {
            // The row whose name cell reads exactly the resource's name ("redis", not the "redis-server …" source).
            var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(resource, new() { Exact = true }) });
            await Expect(row).ToContainTextAsync("Running", new() { Timeout = PageTimeout });
        }
        await SaveScreenshotAsync(page, "dashboard-resources.png");

        await ShowCycleTracesAsync(page, new Uri(login, "/traces"), timeout.Token);
        await SaveScreenshotAsync(page, "dashboard-traces.png");
    }

    /// <summary>
    /// A trader's way in from the dashboard: the scanner row's "Scanner page" link (the AppHost's URL annotation on
    /// the Scanner's external endpoint) opens the Scanner's page in a new tab, which lists every category as a tab
    /// and goes live on its stream.
    /// </summary>
    [Fact]
    public async Task The_scanner_rows_link_on_the_dashboard_opens_the_traders_page_live()
    {
        using var playwright = await SystemChromium.StartPlaywrightAsync();
        await using var browser = await SystemChromium.LaunchAsync(playwright);

        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("scanner", timeout.Token);
        var login = await platform.App.GetDashboardUrlAsync(timeout.Token);
        await using var context = await NewContextAsync(browser);
        var page = await OpenResourcesSignedInAsync(context, login);

        var scannerRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText("scanner", new() { Exact = true }) });
        var link = scannerRow.GetByRole(AriaRole.Link, new() { Name = "Scanner page" });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = PageTimeout });
        var href = new Uri(await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("The Scanner page link has no href."));
        Assert.Equal(platform.App.GetEndpoint("scanner", "http").Authority, href.Authority);

        var traders = await context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await Expect(traders.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = PageTimeout });
        using var http = platform.App.CreateHttpClient("scanner");
        using var categories = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/categories", timeout.Token));
        await Expect(traders.GetByRole(AriaRole.Tab)).ToHaveCountAsync(categories.RootElement.GetArrayLength());
        await SaveScreenshotAsync(traders, "dashboard-scanner-page-link.png");
    }

    /// <summary>A fresh context: no cookie from anywhere else, so a sign-in in it is the login token's doing.</summary>
    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        context.SetDefaultTimeout(PageTimeout);
        return context;
    }

    /// <summary>Signs in with the login URL's token and opens the Resources page.</summary>
    private static async Task<IPage> OpenResourcesSignedInAsync(IBrowserContext context, Uri login)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(login.ToString());
        // Signed in, the dashboard leaves /login; with a rejected token it stays there asking for one.
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(login, "/").ToString());
        return page;
    }

    /// <summary>
    /// Opens the Traces page filtered to names containing "cycle" (Scanner's Redis polling makes thousands of traces a
    /// minute, which would bury the cycles) until rows name <c>ingest: ingest.cycle</c> and <c>scanner: scanner.cycle</c>
    /// (the dashboard's "resource: span" names) and no listed trace lacks "cycle", which is when the list follows the
    /// filter: the box shows the text before the list does. The filter is typed once the list shows traces (so the page
    /// is live), and each round reloads, so a filter the page missed is typed again.
    /// </summary>
    private static async Task ShowCycleTracesAsync(IPage page, Uri traces, CancellationToken deadline)
    {
        var traceRows = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Gridcell) }); // not the header
        var round = new LocatorAssertionsToBeVisibleOptions { Timeout = PageTimeout / 2 };
        while (true)
        {
            try
            {
                await page.GotoAsync(traces.ToString());
                await Expect(traceRows.First).ToBeVisibleAsync(round);
                await page.GetByRole(AriaRole.Searchbox).FillAsync("cycle");
                await Expect(TraceRow(page, "ingest: ingest.cycle")).ToBeVisibleAsync(round);
                await Expect(TraceRow(page, "scanner: scanner.cycle")).ToBeVisibleAsync(round);
                await Expect(traceRows.Filter(new() { HasNotText = "cycle" })).ToHaveCountAsync(0, new() { Timeout = PageTimeout / 2 });
                return;
            }
            catch (PlaywrightException) when (!deadline.IsCancellationRequested)
            {
                // Not there yet: the first cycles reach the dashboard some seconds after the services start.
            }
        }
    }

    private static ILocator TraceRow(IPage page, string name) =>
        page.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).First;

    /// <summary>Saves the page as shown now, for a person to look at after the run, and checks a non-empty PNG was written.</summary>
    private static async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, fileName);
        File.Delete(path); // a file from an earlier run must not pass for this one's
        await page.ScreenshotAsync(new() { Path = path });
        var file = new FileInfo(path);
        Assert.True(file.Exists && file.Length > 0, $"No screenshot was written to {path}.");
    }
}
