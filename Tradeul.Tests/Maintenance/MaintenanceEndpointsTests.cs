using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tradeul.Maintenance;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Status;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>
/// What an OpenAPI generator reads from Maintenance's endpoints: every answer, errors included, declared with its
/// status, body type and content type, from the typed results and the API key guard.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class MaintenanceEndpointsTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_endpoint_declares_its_answers_with_named_bodies_and_problem_details_for_errors()
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, await servers.CreateDatabaseAsync(), output, start: false);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/maintenance", StringComparison.Ordinal) == true)
            .ToDictionary(e => $"{e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single()} {e.RoutePattern.RawText}");

        Assert.Equal(["GET /api/maintenance/runs/{id}", "GET /api/maintenance/status", "POST /api/maintenance/persist-scan-results"], endpoints.Keys.Order());
        Assert.Equal([(200, typeof(MaintenanceStatus), "application/json")], Answers(endpoints["GET /api/maintenance/status"]));
        Assert.Equal(
            [(202, typeof(ManualRunStarted), "application/json"), (401, typeof(ProblemDetails), "application/problem+json"), (409, typeof(ProblemDetails), "application/problem+json")],
            Answers(endpoints["POST /api/maintenance/persist-scan-results"]));
        Assert.Equal(
            [(200, typeof(JobRun), "application/json"), (400, typeof(HttpValidationProblemDetails), "application/problem+json"), (404, typeof(ProblemDetails), "application/problem+json")],
            Answers(endpoints["GET /api/maintenance/runs/{id}"]));
        // Only the endpoint that changes state asks for the key.
        Assert.Equal([false, false, true], endpoints.OrderBy(e => e.Key).Select(e => e.Value.Metadata.Any(m => m is IProducesResponseTypeMetadata { StatusCode: 401 })));
    }

    private static (int, Type?, string)[] Answers(RouteEndpoint endpoint) =>
    [
        .. endpoint.Metadata.OfType<IProducesResponseTypeMetadata>()
            .Select(m => (m.StatusCode, m.Type, m.ContentTypes.Single()))
            .Distinct()
            .OrderBy(a => a.StatusCode),
    ];
}
