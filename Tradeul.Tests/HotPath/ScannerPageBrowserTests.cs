using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tradeul.AppHost.Tests;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner;
using Tradeul.Scanner.Compute;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// The trader's page at <c>/</c> in a real browser (Debian's Chromium through Playwright, headless,
/// nothing downloaded) against a Scanner on a real loopback port, fed by real Ingest on a real
/// redis-server. The table the page shows is compared with <c>GET /api/categories/{name}</c>
/// cell by cell (rank, symbol, price, volume, the change % with its arrow and sign). Screenshots go to the test
/// output's <c>screenshots</c> folder.
/// </summary>
public sealed class ScannerPageBrowserTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private const string Category = "gappers_up";
    private const int Tickers = 3_000;
    private const float PageTimeout = 30_000;
    private static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task The_page_shows_a_category_and_a_delta_changes_its_cells()
    {
        using var playwright = await SystemChromium.StartPlaywrightAsync();
        await using var browser = await SystemChromium.LaunchAsync(playwright);
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, Tickers);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));

        var page = await OpenAsync(browser, platform, 1400, 900);
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var before = await PageRowsAsync(page);
        Assert.NotEmpty(before);
        await AssertShowsApiAsync(page, platform);
        await Expect(page.Locator("#session")).ToHaveTextAsync("Regular");
        // 10:30:05 New York, the snapshot's as-of, in the market's time zone whatever the browser's.
        await Expect(page.Locator("#as-of")).ToContainTextAsync("10:30:05");
        await SaveScreenshotAsync(page, "scanner-page-1400x900.png");

        await platform.CycleAsync(TimeSpan.FromMinutes(1));
        await AssertShowsApiAsync(page, platform);
        var after = await PageRowsAsync(page);
        // A row still ranked shows a new value (volume moves every minute), and the cell flashed.
        Assert.Contains(after, row => before.Any(old => old[1] == row[1] && !old.SequenceEqual(row)));
        Assert.True(await page.Locator("#rows td.flash").CountAsync() > 0, "no changed cell flashed");

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("#rows tr").First).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "scanner-page-390x844.png");
    }

    [Fact]
    public async Task A_sequence_gap_makes_the_page_fetch_the_full_ranking_and_a_restarted_scanner_is_followed()
    {
        using var playwright = await SystemChromium.StartPlaywrightAsync();
        await using var browser = await SystemChromium.LaunchAsync(playwright);
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, Tickers);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        await platform.CycleAsync(TimeSpan.FromMinutes(1));

        // The first stream the page opens is a stale full ranking (one row short) then a delta two
        // sequences ahead: a gap, which the page answers with GET /api/categories/{name}.
        using var current = JsonDocument.Parse(await platform.Http.GetStringAsync($"/api/categories/{Category}"));
        var sequence = current.RootElement.GetProperty("sequence").GetInt64();
        var staleRows = current.RootElement.GetProperty("rows").EnumerateArray().Skip(1).Select((r, i) => Reranked(r, i + 1));
        var stale = $$"""{"category":"{{Category}}","sequence":{{sequence - 1}},"session":"MARKET_OPEN","as_of":"2026-11-24T15:29:00+00:00","rows":[{{string.Join(",", staleRows)}}]}""";
        var ahead = $$"""{"category":"{{Category}}","sequence":{{sequence + 1}},"session":"MARKET_OPEN","as_of":"2026-11-24T15:31:00+00:00","ops":[]}""";
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, BaseURL = platform.Http.BaseAddress!.ToString() });
        context.SetDefaultTimeout(PageTimeout);
        var forged = 0;
        await context.RouteAsync($"**/api/categories/{Category}/stream", async route =>
        {
            if (Interlocked.Increment(ref forged) > 1)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FulfillAsync(new()
            {
                Status = 200,
                ContentType = "text/event-stream",
                Body = $"id: {sequence - 1}\nevent: full\ndata: {stale}\n\nid: {sequence + 1}\nevent: delta\ndata: {ahead}\n\n",
            });
        });
        var fetched = new List<string>();
        var page = await context.NewPageAsync();
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith($"/api/categories/{Category}", StringComparison.Ordinal))
            {
                lock (fetched)
                {
                    fetched.Add(request.Url);
                }
            }
        };
        await page.GotoAsync($"/#{Category}");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-resyncs", "1");
        Assert.Single(fetched);
        await AssertShowsApiAsync(page, platform);

        // The Scanner restarts under the page: its stream ends, the page reconnects to the new one
        // (whose rankings are empty until it scans, then a delta jumps the sequence) and ends showing
        // the current ranking.
        await platform.RestartScannerAsync();
        await platform.CycleAsync(TimeSpan.FromMinutes(1));
        await AssertShowsApiAsync(page, platform);
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        Assert.True(forged > 1, "the page never reconnected");
    }

    [Fact]
    public async Task The_tab_key_reaches_every_category_and_arrows_move_between_tabs()
    {
        using var playwright = await SystemChromium.StartPlaywrightAsync();
        await using var browser = await SystemChromium.LaunchAsync(playwright);
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, Tickers);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        var page = await OpenAsync(browser, platform, 1400, 900);

        var tabs = page.GetByRole(AriaRole.Tab);
        await Expect(tabs).ToHaveCountAsync(ScanCategories.All.Count);
        await Expect(page.GetByRole(AriaRole.Tablist)).ToHaveAttributeAsync("aria-label", "Scanner categories");
        var reached = new HashSet<string>(StringComparer.Ordinal);
        for (var press = 0; press < 40 && reached.Count < ScanCategories.All.Count; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('role') === 'tab' ? document.activeElement.dataset.category : null") is { } category)
            {
                reached.Add(category);
            }
        }
        Assert.Equal(ScanCategories.All.Select(c => c.Name).Order(), reached.Order());

        // ArrowRight moves the focus to the next tab and selects it.
        var first = tabs.First;
        await first.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        var second = tabs.Nth(1);
        await Expect(second).ToBeFocusedAsync();
        await Expect(second).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(first).ToHaveAttributeAsync("aria-selected", "false");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-category", ScanCategories.All[1].Name);
    }

    [Fact]
    public async Task The_page_works_under_its_content_security_policy_with_no_violation_no_console_error_and_no_failed_request()
    {
        using var playwright = await SystemChromium.StartPlaywrightAsync();
        await using var browser = await SystemChromium.LaunchAsync(playwright);
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, Tickers);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, BaseURL = platform.Http.BaseAddress!.ToString() });
        context.SetDefaultTimeout(PageTimeout);
        // Before any of the page's own code: every violation the browser reports becomes a console error too.
        await context.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", e =>
              console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
            """);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        var failed = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (console)
                {
                    console.Add($"{message.Type}: {message.Text}");
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (failed)
                {
                    failed.Add($"{response.Status} {response.Url}");
                }
            }
        };
        page.RequestFailed += (_, request) =>
        {
            if (request.Url.EndsWith("/stream", StringComparison.Ordinal) && request.Failure == "net::ERR_ABORTED")
            {
                return; // the page closed the previous tab's stream itself
            }
            lock (failed)
            {
                failed.Add($"{request.Failure} {request.Url}");
            }
        };

        var document = await page.GotoAsync($"/#{Category}");
        Assert.NotNull(document);
        Assert.Equal(TraderPage.ContentSecurityPolicy, await document.HeaderValueAsync("content-security-policy"));
        Assert.Equal("nosniff", await document.HeaderValueAsync("x-content-type-options"));
        Assert.Equal("no-referrer", await document.HeaderValueAsync("referrer-policy"));
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await AssertShowsApiAsync(page, platform);
        await platform.CycleAsync(TimeSpan.FromMinutes(1));
        await AssertShowsApiAsync(page, platform);
        // Another tab: the page fetches and streams another category, rows render again.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Gappers down" }).ClickAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-category", "gappers_down");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        // The icon the page links is there (headless Chromium may not ask for it by itself).
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var iconResponse = await page.APIRequest.GetAsync(icon!);
        Assert.Equal(200, iconResponse.Status);
        Assert.Equal("image/svg+xml", iconResponse.Headers["content-type"]);

        lock (console)
        {
            Assert.True(console.Count == 0, string.Join("\n", console));
        }
        lock (failed)
        {
            Assert.True(failed.Count == 0, string.Join("\n", failed));
        }

        // The policy is enforced and the listener hears it: inline script and inline style are refused.
        await page.EvaluateAsync("""
            () => {
              const script = document.createElement("script");
              script.textContent = "window.inlineRan = true";
              document.head.append(script);
              document.body.setAttribute("style", "outline: 1px solid red");
            }
            """);
        Assert.False(await page.EvaluateAsync<bool>("() => window.inlineRan === true"));
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("outline-style", "solid");
        var refused = await Eventually.Until(() => Task.FromResult(Snapshot(console)), c => c.Count(m => m.Contains("CSP violation", StringComparison.Ordinal)) >= 2,
            "both inline attempts to be reported");
        Assert.Contains(refused, m => m.Contains("CSP violation: script-src", StringComparison.Ordinal));
        Assert.Contains(refused, m => m.Contains("CSP violation: style-src", StringComparison.Ordinal));
    }

    private static List<string> Snapshot(List<string> messages)
    {
        lock (messages)
        {
            return [.. messages];
        }
    }

    private static async Task<IPage> OpenAsync(IBrowser browser, HotPathHarness platform, int width, int height)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = platform.Http.BaseAddress!.ToString() });
        context.SetDefaultTimeout(PageTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/#{Category}");
        return page;
    }

    /// <summary>Waits until the page has applied the API's sequence, then compares the tables.</summary>
    private static async Task AssertShowsApiAsync(IPage page, HotPathHarness platform)
    {
        using var api = JsonDocument.Parse(await platform.Http.GetStringAsync($"/api/categories/{Category}"));
        var sequence = api.RootElement.GetProperty("sequence").GetInt64().ToString(CultureInfo.InvariantCulture);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-sequence", sequence);
        var expected = api.RootElement.GetProperty("rows").EnumerateArray().Select(r => new[]
        {
            r.GetProperty("rank").GetInt32().ToString(CultureInfo.InvariantCulture),
            r.GetProperty("symbol").GetString()!,
            r.GetProperty("price").GetDouble().ToString("F2", CultureInfo.InvariantCulture),
            r.GetProperty("volume").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
            SignedText(r.GetProperty("change_percent").GetDouble()),
        }).ToList();
        Assert.NotEmpty(expected);
        var shown = (await PageRowsAsync(page)).Select(c => new[] { c[0], c[1], c[3], c[7], c[4] }).ToList();
        Assert.Equal(expected, shown);
    }

    /// <summary>A fall reads with an arrow and a minus sign, not by colour alone: "▼ −1.25", "▲ +3.40", "0.00".</summary>
    private static string SignedText(double percent)
    {
        var text = Math.Abs(percent).ToString("F2", CultureInfo.InvariantCulture);
        return text == "0.00" ? text : percent > 0 ? $"▲ +{text}" : $"▼ −{text}";
    }

    /// <summary>The cells' text of each live row (not those leaving), top to bottom.</summary>
    private static async Task<List<string[]>> PageRowsAsync(IPage page) =>
        JsonSerializer.Deserialize<List<string[]>>(await page.EvaluateAsync<string>(
            "() => JSON.stringify([...document.querySelectorAll('#rows tr:not(.leaving)')].map(tr => [...tr.children].map(td => td.textContent)))"))!;

    private static string Reranked(JsonElement row, int rank)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.GetRawText())!;
        fields["rank"] = JsonSerializer.SerializeToElement(rank);
        return JsonSerializer.Serialize(fields);
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name), FullPage = false });
    }
}
