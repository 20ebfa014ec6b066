using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Providers.Polygon;
using Tradeul.Ingest.Splits;
using Tradeul.Tests.Ingest.Polygon;

namespace Tradeul.Tests.Ingest.Splits;

/// <summary>The real Polygon split source against a real local HTTP server, built the way Ingest builds it.</summary>
public sealed class PolygonSplitSourceTests
{
    private static readonly DateTimeOffset Now = new(2022, 4, 29, 17, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly ExDate = new(2022, 4, 29);

    private static PolygonSplitSource Source(ServiceProvider services) => ActivatorUtilities.CreateInstance<PolygonSplitSource>(services);

    [Fact]
    public async Task Pages_are_followed_through_next_url_against_the_configured_server_with_the_bearer_key_on_each()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.RespondSplits = context => context.Request.Query["cursor"] == "page2"
            ? PolygonTestServer.Json("""
                {"status":"OK","results":[{"execution_date":"2022-04-29","split_from":1,"split_to":2,"ticker":"FWD"}]}
                """)(context)
            // next_url names Polygon's own host, as it does behind a proxy: only its query is followed.
            : PolygonTestServer.Json("""
                {"status":"OK","results":[{"execution_date":"2022-04-29","split_from":25,"split_to":1,"ticker":"BIOL"}],
                 "next_url":"https://api.polygon.io/v3/reference/splits?cursor=page2"}
                """)(context);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var splits = await Source(services).SplitsOnAsync(ExDate, CancellationToken.None);

        Assert.Equal([new Split("BIOL", ExDate, 25, 1), new Split("FWD", ExDate, 1, 2)], splits);
        Assert.Equal([0.04, 2.0], splits.Select(s => s.Ratio));
        Assert.Equal(["?execution_date=2022-04-29&limit=1000", "?cursor=page2"], server.Received.Select(r => r.Query));
        Assert.All(server.Received, r => Assert.Equal(PolygonTestServer.SplitsRoute, r.Path));
        Assert.All(server.Received, r => Assert.Equal($"Bearer {PolygonTestProviders.ApiKey}", r.Authorization));
    }

    [Fact]
    public async Task A_next_url_that_repeats_is_an_error_not_an_endless_listing()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.RespondSplits = PolygonTestServer.Json("""{"status":"OK","results":[],"next_url":"https://api.polygon.io/v3/reference/splits?cursor=same"}""");
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var error = await Assert.ThrowsAsync<PolygonResponseException>(() => Source(services).SplitsOnAsync(ExDate, CancellationToken.None));

        Assert.Contains("next_url repeats", error.Message);
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task A_refusal_names_the_splits_route_and_a_status_of_ERROR_is_an_error_without_the_key()
    {
        await using var server = await PolygonTestServer.StartAsync();
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        server.RespondSplits = PolygonTestServer.Json("""{"status":"ERROR","error":"Unknown API Key"}""", StatusCodes.Status403Forbidden);
        var refused = await Assert.ThrowsAsync<PolygonAccessDeniedException>(() => Source(services).SplitsOnAsync(ExDate, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(refused.RetryAfter);
        Assert.Contains("v3/reference/splits", refused.Message);
        Assert.Contains("Polygon:ApiKey", refused.Message);

        server.RespondSplits = PolygonTestServer.Json($$"""{"status":"ERROR","error":"bad key {{PolygonTestProviders.ApiKey}}"}""");
        var failed = await Assert.ThrowsAsync<PolygonResponseException>(() => Source(services).SplitsOnAsync(ExDate, CancellationToken.None));
        Assert.DoesNotContain(PolygonTestProviders.ApiKey, failed.Message);
        Assert.Contains("***", failed.Message);
    }

    [Fact]
    public async Task No_results_array_is_a_day_without_splits_and_a_results_that_is_not_an_array_is_a_broken_answer()
    {
        await using var server = await PolygonTestServer.StartAsync();
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        server.RespondSplits = PolygonTestServer.Json("""{"status":"OK","request_id":"x"}""");
        Assert.Empty(await Source(services).SplitsOnAsync(ExDate, CancellationToken.None));

        server.RespondSplits = PolygonTestServer.Json("""{"status":"OK","results":{"ticker":"BIOL"}}""");
        await Assert.ThrowsAsync<PolygonResponseException>(() => Source(services).SplitsOnAsync(ExDate, CancellationToken.None));
    }
}
