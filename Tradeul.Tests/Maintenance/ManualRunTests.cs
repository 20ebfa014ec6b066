using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Shared.Hosting;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>
/// <c>POST /api/maintenance/persist-scan-results</c> on the running service: every call runs (not only the first),
/// one run at a time (a second request while one runs gets 409 naming it), and each run's outcome, a failure
/// included, shows at its <c>Location</c>, in the status and in health.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class ManualRunTests(RealServersFixture servers, ITestOutputHelper output)
{
    /// <summary>Monday 2026-11-23, 10:30 New York: the regular session.</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);

    /// <summary>Saturday 2026-11-28, 10:00 New York: no session, so the scheduled run at start expects nothing and ends ok.</summary>
    private static readonly DateTimeOffset Saturday = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The Scanner rewrites its document every cycle with the market time of its newest snapshot; rows are keyed on
    /// that time (ON CONFLICT DO NOTHING on time, session, symbol), so time matters here only through the
    /// documents: each POST finds the one cached 6 s (of market time) after the previous and writes its 100 rows.
    /// The service's clock is a fake one, moved 6 s per POST, so nothing sleeps.
    /// </summary>
    [Fact]
    public async Task Four_manual_runs_6_s_apart_each_write_their_100_rows_and_report_them_at_their_location()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(MondayMorning);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        // The scheduled run at start finds no document during the session: a miss, retried 5 min later on the fake clock.
        await MaintenanceLoops.WaitForRunAsync(app, ScanPersistenceJob.Name, 1);

        var runIds = new List<string>();
        for (var post = 1; post <= 4; post++)
        {
            clock.Advance(TimeSpan.FromSeconds(6));
            await FilteredCompleteFixtures.CacheAsync(cache, "MARKET_OPEN", 100, clock.GetUtcNow());
            using var accepted = await PostAsync(http);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var started = await accepted.Content.ReadFromJsonAsync<JsonElement>();
            var runId = started.GetProperty("run_id").GetString()!;
            Assert.Equal(("started", "scan_persistence"), (started.GetProperty("status").GetString(), started.GetProperty("job").GetString()));
            Assert.Equal($"/api/maintenance/runs/{runId}", accepted.Headers.Location?.OriginalString);
            Assert.Equal(accepted.Headers.Location?.OriginalString, started.GetProperty("run_url").GetString());

            var run = await FinishedRunAsync(http, runId);
            Assert.Equal(("ok", "manual", "100 read, 100 inserted, 0 rejected"),
                (run.GetProperty("outcome").GetString(), run.GetProperty("trigger").GetString(), run.GetProperty("detail").GetString()));
            Assert.Equal(100L * post, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));
            runIds.Add(runId);

            var job = (await StatusAsync(http)).GetProperty("jobs").GetProperty(ScanPersistenceJob.Name);
            Assert.Equal((runId, "ok"), (job.GetProperty("run_id").GetString(), job.GetProperty("outcome").GetString()));
        }
        Assert.Equal(4, runIds.Distinct().Count());
        Assert.Equal(4L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(DISTINCT time) FROM scan_results"));
        // Every earlier run is still found by its id.
        Assert.Equal("ok", (await FinishedRunAsync(http, runIds[0])).GetProperty("outcome").GetString());
        await app.StopAsync();
    }

    [Fact]
    public async Task Two_posts_at_once_start_one_run_and_the_other_gets_409_naming_it_and_a_later_post_runs_again()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(Saturday);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await MaintenanceLoops.WaitForRunAsync(app, ScanPersistenceJob.Name, 1);
        await FilteredCompleteFixtures.CacheAsync(cache, "MARKET_OPEN", 100);
        // Read once now: the clock stands still, so later reads serve this snapshot (its row counts would wait
        // behind the lock below) with the job records as they are at each call.
        Assert.Equal(1, (await StatusAsync(http)).GetProperty("snapshot").GetProperty("refreshes").GetInt64());

        // The run's INSERT waits behind this lock, so the first run is still going when the second request arrives.
        await using var blocker = new NpgsqlConnection(database);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE scan_results IN ACCESS EXCLUSIVE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var answers = await Task.WhenAll(PostAsync(http), PostAsync(http));
        var accepted = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        var conflict = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        var runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(runId, problem.GetProperty("run_id").GetString());
        Assert.Equal($"/api/maintenance/runs/{runId}", problem.GetProperty("run_url").GetString());
        Assert.Equal("running", (await http.GetFromJsonAsync<JsonElement>($"/api/maintenance/runs/{runId}")).GetProperty("outcome").GetString());
        Assert.Equal(runId, (await StatusAsync(http)).GetProperty("jobs").GetProperty(ScanPersistenceJob.Name).GetProperty("running").GetProperty("run_id").GetString());

        await hold.RollbackAsync();
        var run = await FinishedRunAsync(http, runId);
        Assert.Equal(("ok", "100 read, 100 inserted, 0 rejected"), (run.GetProperty("outcome").GetString(), run.GetProperty("detail").GetString()));
        Assert.Equal(100L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));

        // Once it has ended, the next request runs (the same document: its rows are there already).
        using var again = await PostAsync(http);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await FinishedRunAsync(http, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!);
        Assert.Equal("100 read, 0 inserted, 0 rejected", second.GetProperty("detail").GetString());
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
        await app.StopAsync();
    }

    [Fact]
    public async Task A_failing_manual_run_shows_failed_at_its_location_in_the_status_and_as_degraded_health_until_a_run_succeeds()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(Saturday));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        await MaintenanceLoops.WaitForRunAsync(app, ScanPersistenceJob.Name, 1);
        await FilteredCompleteFixtures.CacheAsync(cache, "MARKET_OPEN", 100);
        Assert.Equal(HealthStatus.Healthy, (await JobHealthAsync(health)).Status);

        // PostgreSQL refuses the INSERT (no such table): not transient, so the run fails at once.
        await ScanPersistenceTests.ExecuteAsync(database, "ALTER TABLE scan_results RENAME TO scan_results_away");
        using var accepted = await PostAsync(http);
        var runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        var run = await FinishedRunAsync(http, runId);

        Assert.Equal("failed", run.GetProperty("outcome").GetString());
        Assert.StartsWith("PostgresException: 42P01", run.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var job = (await StatusAsync(http)).GetProperty("jobs").GetProperty(ScanPersistenceJob.Name);
        Assert.Equal((runId, "failed", "manual"), (job.GetProperty("run_id").GetString(), job.GetProperty("outcome").GetString(), job.GetProperty("trigger").GetString()));
        var degraded = await JobHealthAsync(health);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains($"scan_persistence manual run {runId} failed", degraded.Description, StringComparison.Ordinal);
        Assert.Equal("Degraded", await http.GetStringAsync("/health"));
        Assert.Null((string?)await cache.StringGetAsync(Tradeul.Shared.Redis.RedisKeys.LastScanPersistence));

        await ScanPersistenceTests.ExecuteAsync(database, "ALTER TABLE scan_results_away RENAME TO scan_results");
        using var retried = await PostAsync(http);
        var recovered = await FinishedRunAsync(http, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!);
        Assert.Equal("ok", recovered.GetProperty("outcome").GetString());
        Assert.Equal(HealthStatus.Healthy, (await JobHealthAsync(health)).Status);
        await app.StopAsync();
    }

    [Fact]
    public async Task Errors_are_problem_details_the_key_refusal_with_a_challenge_and_an_unknown_or_malformed_run_id()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(Saturday));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var anonymous = await http.PostAsync("/api/maintenance/persist-scan-results", null);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/maintenance/persist-scan-results");
        wrong.Headers.Add("X-Api-Key", "not-the-key-at-all-0000");
        using var wrongAnswer = await http.SendAsync(wrong);
        foreach (var refused in new[] { anonymous, wrongAnswer })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("ApiKey header=\"X-Api-Key\"", refused.Headers.WwwAuthenticate.ToString());
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("not-the-key", problem.GetRawText(), StringComparison.Ordinal);
        }

        using var unknown = await http.GetAsync($"/api/maintenance/runs/{Guid.CreateVersion7():N}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var malformed = await http.GetAsync($"/api/maintenance/runs/{new string('z', 300)}");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        var validation = await malformed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(validation.GetProperty("errors").TryGetProperty("id", out _));
        Assert.DoesNotContain("zzzz", validation.GetRawText(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/maintenance/persist-scan-results");
        request.Headers.Add("X-Api-Key", MaintenanceHost.ApiKey);
        return await http.SendAsync(request);
    }

    /// <summary>Follows a run at its location until it has ended.</summary>
    internal static Task<JsonElement> FinishedRunAsync(HttpClient http, string runId) =>
        Eventually.Until(() => http.GetFromJsonAsync<JsonElement>($"/api/maintenance/runs/{runId}"),
            run => run.GetProperty("outcome").GetString() != "running", $"run {runId} to end");

    internal static Task<JsonElement> StatusAsync(HttpClient http) => http.GetFromJsonAsync<JsonElement>("/api/maintenance/status");

    private static async Task<HealthReportEntry> JobHealthAsync(HealthCheckService health) =>
        (await health.CheckHealthAsync(check => check.Name == JobRunHealthCheck.Name)).Entries[JobRunHealthCheck.Name];
}
