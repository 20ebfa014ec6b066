using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tradeul.ServiceDefaults.Http;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>
/// Errors as every service answers them, from ServiceDefaults alone: RFC 9457 problems
/// (<c>application/problem+json</c>) for unknown routes, wrong methods, exceptions, and the requests
/// Kestrel refuses before any middleware runs; in Production, where no exception detail may leak.
/// </summary>
public sealed class ProblemDetailsTests
{
    private const string SecretInMessage = "connection string Password=hunter2";

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_that_does_not_echo_the_path()
    {
        await using var app = await StartAsync();
        using var http = Client(app);
        var path = "/api/" + new string('z', 3_000);

        var (response, problem) = await GetProblemAsync(http, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.StartsWith("00-", problem.GetProperty("traceId").GetString());
        Assert.DoesNotContain("zzzz", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await using var app = await StartAsync();
        using var http = Client(app);

        var (response, problem) = await GetProblemAsync(http, HttpMethod.Delete, "/api/ok");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("Method Not Allowed", problem.GetProperty("title").GetString());
        Assert.Equal("GET", Assert.Single(response.Content.Headers.Allow));
    }

    [Fact]
    public async Task An_exception_in_an_endpoint_is_a_500_problem_without_message_or_stack_trace_and_is_logged()
    {
        var logs = new RecordedLogs();
        await using var app = await StartAsync(logs);
        using var http = Client(app);

        var (response, problem) = await GetProblemAsync(http, HttpMethod.Get, "/api/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal("An error occurred while processing your request.", problem.GetProperty("title").GetString());
        var body = problem.GetRawText();
        foreach (var leak in new[] { "hunter2", nameof(InvalidOperationException), "   at ", ".cs:line", "exception", "stack" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
        // Not swallowed: the exception is logged whole, for the operator.
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException { Message: SecretInMessage });
    }

    [Theory]
    [InlineData("/api/ok%00")]
    [InlineData("/%00")]
    [InlineData("/api/categories/abc%00def")]
    public async Task A_path_with_a_NUL_which_Kestrel_refuses_before_routing_is_a_400_problem(string path)
    {
        await using var app = await StartAsync();
        using var http = Client(app);

        var (response, problem) = await GetProblemAsync(http, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad Request", problem.GetProperty("title").GetString());
        Assert.Equal("about:blank", problem.GetProperty("type").GetString());
        Assert.Contains("could not be parsed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(response.Content.Headers.ContentLength, Encoding.UTF8.GetByteCount(problem.GetRawText()));
    }

    [Fact]
    public async Task Headers_over_Kestrels_limit_are_a_431_problem()
    {
        await using var app = await StartAsync();
        using var http = Client(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ok");
        request.Headers.Add("X-Padding", new string('a', 40_000)); // Kestrel's default total is 32 KiB

        var (response, problem) = await SendForProblemAsync(http, request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("Request Header Fields Too Large", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_refused_request_after_a_good_one_on_the_same_connection_leaves_the_first_answer_untouched_and_a_HEAD_gets_no_body()
    {
        await using var app = await StartAsync();
        var address = new Uri(app.Urls.First());

        var pipelined = await ExchangeAsync(address,
            "GET /api/ok HTTP/1.1\r\nHost: test\r\n\r\n" +
            "GET /api/ok%00 HTTP/1.1\r\nHost: test\r\n\r\n");

        var second = pipelined.IndexOf("HTTP/1.1 400", StringComparison.Ordinal);
        Assert.True(second > 0, pipelined);
        var first = pipelined[..second];
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", first, StringComparison.Ordinal);
        Assert.Contains("\"ok\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain(ProblemDetailsDefaults.ContentType, first, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json\r\n", pipelined[second..], StringComparison.Ordinal);
        Assert.EndsWith("}", pipelined, StringComparison.Ordinal);

        var head = await ExchangeAsync(address, "HEAD /api/ok%00 HTTP/1.1\r\nHost: test\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0\r\n", head, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);
    }

    private static Task<WebApplication> StartAsync(RecordedLogs? logs = null) => ServiceDefaultsApp.StartAsync(
        logging: logs is null ? null : logging => logging.AddProvider(logs),
        map: app =>
        {
            app.MapGet("/api/ok", () => TypedResults.Ok("ok"));
            app.MapGet("/api/throws", string () => throw new InvalidOperationException(SecretInMessage));
        });

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };

    private static async Task<(HttpResponseMessage Response, JsonElement Problem)> GetProblemAsync(HttpClient http, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        return await SendForProblemAsync(http, request);
    }

    /// <summary>Sends, then checks the answer is a problem document and returns it.</summary>
    private static async Task<(HttpResponseMessage Response, JsonElement Problem)> SendForProblemAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        Assert.Equal(ProblemDetailsDefaults.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = document.RootElement.Clone();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return (response, problem);
    }

    /// <summary>Writes <paramref name="requests"/> on one connection and reads until the server closes it.</summary>
    private static async Task<string> ExchangeAsync(Uri address, string requests)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return Encoding.UTF8.GetString(received.ToArray());
    }
}
