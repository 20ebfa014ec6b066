using System.Net.Http.Json;
using System.Text.Json;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// One snapshot followed through the telemetry as the dashboard received it over OTLP from the real services:
/// read back from the dashboard's telemetry API (<c>GET /api/telemetry/spans</c>, OTLP JSON, <c>x-api-key</c>).
/// </summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class TelemetryTests(LocalPlatform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_scanner_cycle_links_to_the_ingest_cycle_that_published_its_snapshot_each_under_its_own_service()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("scanner", timeout.Token);
        using var dashboard = await DashboardApiAsync(timeout.Token);

        while (true)
        {
            var ingest = await SpansAsync(dashboard, "ingest", timeout.Token);
            var scanner = await SpansAsync(dashboard, "scanner", timeout.Token);
            var ingestCycles = ingest.Where(span => span.Name == "ingest.cycle")
                .ToDictionary(span => (span.TraceId, span.SpanId));
            var linked = scanner
                .Where(span => span.Name == "scanner.cycle")
                .SelectMany(span => span.Links.Select(link => (Scanner: span, Link: link)))
                .FirstOrDefault(pair => ingestCycles.ContainsKey(pair.Link));
            if (linked.Scanner is not null)
            {
                var producer = ingestCycles[linked.Link];
                Assert.Equal("ingest", producer.Service);
                Assert.Equal("scanner", linked.Scanner.Service);
                Assert.NotEqual(producer.TraceId, linked.Scanner.TraceId); // linked, not parented: a trace per cycle
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        }
    }

    private async Task<HttpClient> DashboardApiAsync(CancellationToken cancellationToken)
    {
        var login = await platform.App.GetDashboardUrlAsync(cancellationToken);
        var client = new HttpClient { BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)) };
        client.DefaultRequestHeaders.Add("x-api-key", platform.DashboardApiKey);
        return client;
    }

    private static async Task<List<Span>> SpansAsync(HttpClient dashboard, string resource, CancellationToken cancellationToken)
    {
        using var response = await dashboard.GetAsync($"/api/telemetry/spans?resource={resource}&limit=500", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return []; // no telemetry from that resource yet
        }
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var spans = new List<Span>();
        foreach (var resourceSpans in document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(attribute => attribute.GetProperty("key").GetString() == "service.name")
                .Select(attribute => attribute.GetProperty("value").GetProperty("stringValue").GetString())
                .FirstOrDefault() ?? "";
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var links = span.TryGetProperty("links", out var linkArray) && linkArray.ValueKind == JsonValueKind.Array
                        ? linkArray.EnumerateArray().Select(link => (link.GetProperty("traceId").GetString()!, link.GetProperty("spanId").GetString()!)).ToList()
                        : [];
                    spans.Add(new Span(service, span.GetProperty("name").GetString()!,
                        span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!, links));
                }
            }
        }
        return spans;
    }

    private sealed record Span(string Service, string Name, string TraceId, string SpanId, List<(string TraceId, string SpanId)> Links);
}
