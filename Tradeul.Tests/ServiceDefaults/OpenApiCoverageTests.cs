using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Tradeul.Ingest;
using Tradeul.Scanner;
using Tradeul.ServiceDefaults.Http;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Maintenance;
using Xunit.Abstractions;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>
/// Each service, started as its Program.cs starts it, publishes <c>/openapi/v1.json</c>, and the document
/// has every route the service maps, with its method. The routes come from the app's own endpoint data
/// source, so a route added later is checked without touching this test. Not checked: <c>/health</c> and
/// <c>/alive</c> (probes, not API), the document's own route, and the Scanner page's files, which static
/// file middleware serves and which are no endpoints at all.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class OpenApiCoverageTests(RealServersFixture servers, ITestOutputHelper output)
{
    private static readonly string[] NotApi = ["/health", "/alive", "/openapi/{documentName}.json"];

    [Fact]
    public Task Ingest_documents_every_route() => AssertRedisServiceDocumentsEveryRouteAsync(
        builder => builder.AddIngestServices(), app => app.MapIngestEndpoints(), "/api/ingest/stats", ("Simulated:Tickers", "50"));

    [Fact]
    public Task Scanner_documents_every_route() => AssertRedisServiceDocumentsEveryRouteAsync(
        builder => builder.AddScannerServices(), app => app.MapScannerEndpoints(), "/api/categories/{name}/stream");

    [Fact]
    public async Task Maintenance_documents_every_route()
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, await servers.CreateDatabaseAsync(), output);
        await AssertDocumentCoversEveryRouteAsync(app, "/api/maintenance/status");
    }

    /// <summary>A service that needs only Redis, wired as its Program.cs wires it, on a redis-server of its own.</summary>
    private static async Task AssertRedisServiceDocumentsEveryRouteAsync(Action<WebApplicationBuilder> addServices, Action<WebApplication> mapEndpoints,
        string expected, params (string Key, string Value)[] settings)
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var app = await ServiceDefaultsApp.StartAsync(
            settings: settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("ConnectionStrings:redis", redis.ConnectionString)),
            configure: addServices,
            map: mapEndpoints);
        await AssertDocumentCoversEveryRouteAsync(app, expected);
    }

    /// <param name="expected">One route the service is known to map: the enumeration must find it (it is not vacuous).</param>
    private static async Task AssertDocumentCoversEveryRouteAsync(WebApplication app, string expected)
    {
        var routes = Routes(app);
        Assert.Contains(routes, r => r.Path == expected);

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var response = await http.GetAsync(OpenApiDefaults.DocumentPath);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        var missing = routes
            .Where(r => !paths.TryGetProperty(r.Path, out var operations) || !operations.TryGetProperty(r.Method.ToLowerInvariant(), out _))
            .Select(r => $"{r.Method} {r.Path}")
            .ToList();
        Assert.True(missing.Count == 0, $"Not in {OpenApiDefaults.DocumentPath}: {string.Join(", ", missing)}");
    }

    /// <summary>Every (method, path) the app maps, paths written as OpenAPI writes them (<c>{name}</c>, no constraints).</summary>
    private static List<(string Method, string Path)> Routes(WebApplication app)
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = OpenApiPath(endpoint.RoutePattern);
            if (NotApi.Contains(path))
            {
                continue;
            }
            // A route for any method cannot be described operation by operation: the API maps none.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            Assert.True(methods is { Count: > 0 }, $"{path} is mapped for every method");
            routes.AddRange(methods.Select(method => (method, path)));
        }
        return routes;
    }

    private static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new NotSupportedException(part.GetType().Name),
        }))));
}
