using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Providers.Polygon;

namespace Tradeul.Tests.Ingest.Polygon;

public sealed class PolygonSnapshotFailureTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2024, 1, 2, 14, 30, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(StatusCodes.Status401Unauthorized)]
    [InlineData(StatusCodes.Status403Forbidden)]
    public async Task Refused_access_throws_access_denied_without_the_key(int status)
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(
            """{"status":"NOT_AUTHORIZED","request_id":"a1","message":"You are not entitled to this data."}""", status);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, Clock);

        var error = await Assert.ThrowsAsync<PolygonAccessDeniedException>(() => services.Provider().FetchAsync(CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Contains("Polygon:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PolygonTestProviders.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_error_statuses_throw_a_polygon_http_exception_with_the_status()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json("""{"status":"ERROR"}""", StatusCodes.Status502BadGateway);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, Clock);

        var error = await Assert.ThrowsAsync<PolygonHttpException>(() => services.Provider().FetchAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_polygon_gets_one_request_per_fetch_even_under_service_defaults()
    {
        // Retries belong to Ingest's provider pipeline alone; the defaults' handler would multiply them.
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json("""{"status":"ERROR"}""", StatusCodes.Status503ServiceUnavailable);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, TimeProvider.System, withServiceDefaults: true);

        var error = await Assert.ThrowsAsync<PolygonHttpException>(() => services.Provider().FetchAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task An_error_status_in_the_body_throws_with_polygons_reason_and_never_the_key()
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(
            $$"""{"status":"ERROR","request_id":"a2","error":"Unknown API Key {{PolygonTestProviders.ApiKey}}"}""");
        await using var services = PolygonTestProviders.Build(server.BaseUrl, Clock);

        var error = await Assert.ThrowsAsync<PolygonResponseException>(() => services.Provider().FetchAsync(CancellationToken.None));

        Assert.Contains("\"ERROR\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown API Key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PolygonTestProviders.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("""{"status":"OK","tickers":{"AAPL":{}}}""")]
    [InlineData("""{"status":"OK","count":0}""")]
    [InlineData("""{"status":"OK","tickers":[{"ticker":"AAPL"}""")]
    public async Task A_body_that_is_not_a_snapshot_throws_a_response_exception(string body)
    {
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(body);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, Clock);

        await Assert.ThrowsAsync<PolygonResponseException>(() => services.Provider().FetchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_throws_timeout_exception()
    {
        await using var server = await PolygonTestServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Respond = async _ => await release.Task;
        // The real clock: this is the timer the provider arms in production.
        await using var services = PolygonTestProviders.Build(server.BaseUrl, TimeProvider.System, TimeSpan.FromMilliseconds(300));
        try
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => services.Provider().FetchAsync(CancellationToken.None));

            Assert.Contains("Polygon:Timeout", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task The_callers_cancellation_surfaces_as_cancellation_not_as_a_timeout()
    {
        await using var server = await PolygonTestServer.StartAsync();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Respond = async _ =>
        {
            arrived.TrySetResult();
            await release.Task;
        };
        await using var services = PolygonTestProviders.Build(server.BaseUrl, TimeProvider.System, TimeSpan.FromMinutes(5));
        using var caller = new CancellationTokenSource();
        try
        {
            var fetch = services.Provider().FetchAsync(caller.Token);
            await arrived.Task;
            await caller.CancelAsync();

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);

            Assert.Equal(caller.Token, error.CancellationToken);
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
