using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner;
using Tradeul.Scanner.Api;
using Tradeul.Scanner.Compute;
using Tradeul.ServiceDefaults.Http;
using Xunit.Abstractions;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// The Scanner's HTTP API as a client meets it, on a real Scanner fed by real Ingest: an unknown
/// category is a problem naming the valid ones and quoting only a prefix of the name; every response
/// (page, assets, API, errors) carries the security headers; a ranking's JSON is what its OpenAPI
/// schema says.
/// </summary>
public sealed class ScannerHttpApiTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private static readonly string[] CategoryNames = [.. ScanCategories.All.Select(c => c.Name)];

    [Fact]
    public async Task An_unknown_category_is_a_404_problem_listing_the_valid_names_and_quoting_only_a_prefix_of_the_name()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 200);
        var name = new string('x', 5_000);

        foreach (var path in new[] { $"/api/categories/{name}", $"/api/categories/{name}/stream" })
        {
            using var response = await platform.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(ProblemDetailsDefaults.ContentType, response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal("Unknown category", problem.RootElement.GetProperty("title").GetString());
            Assert.Equal(CategoryNames, problem.RootElement.GetProperty(ScannerProblems.CategoriesMember).EnumerateArray().Select(n => n.GetString()!));
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            Assert.Contains($"'{new string('x', UserInput.MaxQuotedLength)}…' (5,000 characters)", detail, StringComparison.Ordinal);
            Assert.Contains(string.Join(", ", CategoryNames), detail, StringComparison.Ordinal);
            Assert.DoesNotContain(new string('x', UserInput.MaxQuotedLength + 1), body, StringComparison.Ordinal);
            Assert.True(body.Length < 1_500, $"{body.Length} characters came back");
        }

        // A line break in the name reads escaped, not as a new line.
        using var broken = await platform.Http.GetAsync("/api/categories/a%0D%0AFAKE");
        using var brokenProblem = JsonDocument.Parse(await broken.Content.ReadAsStringAsync());
        Assert.Contains(@"'a\u000d\u000aFAKE'", brokenProblem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NUL_in_a_category_name_is_a_400_problem()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 200);

        using var response = await platform.Http.GetAsync("/api/categories/gappers_up%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemDetailsDefaults.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Every_response_carries_the_content_security_policy_nosniff_and_no_referrer()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 200);

        foreach (var (path, status, type) in new[]
        {
            ("/", HttpStatusCode.OK, "text/html"),
            ("/scanner.js", HttpStatusCode.OK, "text/javascript"),
            ("/scanner.css", HttpStatusCode.OK, "text/css"),
            ("/favicon.svg", HttpStatusCode.OK, "image/svg+xml"),
            ("/api/stats", HttpStatusCode.OK, "application/json"),
            (OpenApiDefaults.DocumentPath, HttpStatusCode.OK, "application/json"),
            ("/api/nothing", HttpStatusCode.NotFound, ProblemDetailsDefaults.ContentType),
            ("/api/categories/nothing", HttpStatusCode.NotFound, ProblemDetailsDefaults.ContentType),
        })
        {
            using var response = await platform.Http.GetAsync(path);
            Assert.True(status == response.StatusCode, $"{path}: {response.StatusCode}");
            Assert.True(type == response.Content.Headers.ContentType?.MediaType, $"{path}: {response.Content.Headers.ContentType}");
            Assert.Equal(TraderPage.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
        Assert.Contains("""<link rel="icon" href="favicon.svg" type="image/svg+xml">""", await platform.Http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ranking_is_exactly_what_its_schema_in_the_openapi_document_says()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 1_000);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));

        using var document = JsonDocument.Parse(await platform.Http.GetStringAsync(OpenApiDefaults.DocumentPath));
        var paths = document.RootElement.GetProperty("paths");
        var oneCategory = paths.GetProperty("/api/categories/{name}").GetProperty("get").GetProperty("responses");
        Assert.Equal($"#/components/schemas/{nameof(Ranking)}",
            oneCategory.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(oneCategory.GetProperty("404").GetProperty("content").TryGetProperty(ProblemDetailsDefaults.ContentType, out _));
        var stream = paths.GetProperty("/api/categories/{name}/stream").GetProperty("get").GetProperty("responses");
        Assert.True(stream.GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var documented = schemas.GetProperty(nameof(RankingRow)).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(JsonNames<RankingRow>(), documented);

        var strict = new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        foreach (var category in CategoryNames)
        {
            var json = await platform.Http.GetStringAsync($"/api/categories/{category}");
            // No field the schema lacks (an unmapped member throws) ...
            var ranking = JsonSerializer.Deserialize<Ranking>(json, strict)!;
            Assert.Equal(category, ranking.Category);
            // ... and no field of the schema missing from any row.
            using var written = JsonDocument.Parse(json);
            Assert.All(written.RootElement.GetProperty("rows").EnumerateArray(),
                row => Assert.Equal(documented, row.EnumerateObject().Select(p => p.Name).Order().ToList()));
        }
        var gappers = JsonSerializer.Deserialize<Ranking>(await platform.Http.GetStringAsync("/api/categories/gappers_up"), strict)!;
        Assert.NotEmpty(gappers.Rows);
        Assert.Equal(Enumerable.Range(1, gappers.Rows.Count), gappers.Rows.Select(r => r.Rank));
    }

    private static List<string> JsonNames<T>() =>
        [.. typeof(T).GetProperties().Select(p => p.GetCustomAttributes(typeof(JsonPropertyNameAttribute), true).Cast<JsonPropertyNameAttribute>().Single().Name).Order()];
}
