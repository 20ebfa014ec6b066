using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// Issue 11, item 9: a Scanner that starts before Ingest has seeded metadata and RVOL baselines
/// used to wait its whole refresh interval (5 min) with no RVOL, names or sectors and the RVOL
/// categories empty. Now an empty or failed load is retried within seconds, health says
/// Degraded until the first good load, and a later empty refresh keeps the last good table.
/// Real Redis, the Scanner as its service wires it, one fake clock.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class EnrichmentStartupRaceTests(ITestOutputHelper output)
{
    private const int Tickers = 2_000;

    /// <summary>A Tuesday, 10:30 New York time (EST).</summary>
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));

    /// <summary>The categories that select on RVOL: empty while no baseline is loaded.</summary>
    private static readonly string[] RvolCategories = ["momentum_up", "momentum_down", "winners", "losers", "high_volume", "anomalies"];

    [Fact]
    public async Task A_scanner_started_before_the_reference_data_loads_it_seconds_after_it_is_seeded_not_one_refresh_interval_later()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, Tickers, seedReferenceData: false,
            scannerSettings: [new("Scanner:EnrichmentRefreshInterval", "00:05:00")]);
        var loop = platform.ScannerServices.GetRequiredService<LoopMonitor>().Find(EnrichmentRefreshLoop.LoopName)!;
        var cache = platform.ScannerServices.GetRequiredService<EnrichmentCache>();

        // The load at start found nothing: not loaded, Degraded with the reason, retried in about 2 s.
        Assert.Equal((1L, 1), (loop.Iterations, loop.ConsecutiveFailures));
        Assert.False(cache.IsLoaded);
        Assert.Equal("Degraded", await platform.Http.GetStringAsync("/health"));
        var health = await EnrichmentHealthAsync(platform);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.StartsWith($"Enrichment not loaded: {nameof(EnrichmentEmptyException)}: Redis holds no usable", health.Description, StringComparison.Ordinal);
        Assert.InRange(WaitOf(loop, platform), TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2));

        // A scan meanwhile (one second on, before the retry is due): no RVOL, no names, no RVOL category.
        await platform.CycleAsync(TimeSpan.FromSeconds(1));
        var before = await RowsAsync(platform);
        Assert.NotEmpty(before);
        Assert.All(before, row => Assert.Equal((null, null), (row.Rvol, row.Name)));
        Assert.Equal(0, await RvolCategoryRowsAsync(platform));

        // Still nothing at the second try: the next wait doubles.
        platform.Time.Advance(WaitOf(loop, platform));
        await WaitForRefreshAsync(loop, 2);
        Assert.Equal(2, loop.ConsecutiveFailures);
        Assert.InRange(WaitOf(loop, platform), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4));

        // Ingest seeds; the try after that loads it, 5 to 6 s after the start instead of 5 min.
        Assert.Equal(Tickers, await platform.SeedReferenceDataAsync());
        platform.Time.Advance(WaitOf(loop, platform));
        await WaitForRefreshAsync(loop, 3);
        Assert.InRange(platform.Time.GetUtcNow() - MidMorning, TimeSpan.FromSeconds(4.8), TimeSpan.FromSeconds(6));
        Assert.Equal(0, loop.ConsecutiveFailures);
        Assert.Equal((true, Tickers, Tickers), (cache.IsLoaded, cache.WithMetadata, cache.WithBaseline));
        Assert.Equal(TimeSpan.FromMinutes(5), WaitOf(loop, platform));
        Assert.Equal("Healthy", await platform.Http.GetStringAsync("/health"));

        await platform.CycleAsync(TimeSpan.FromSeconds(1));
        var after = await RowsAsync(platform);
        Assert.All(after, row =>
        {
            Assert.Equal($"{row.Symbol} Simulated Inc.", row.Name);
            Assert.NotNull(row.Rvol);
        });
        var rvolRows = await RvolCategoryRowsAsync(platform);
        output.WriteLine($"rows in the RVOL categories once loaded: {rvolRows}");
        Assert.True(rvolRows > 0);

        // Later the keys are gone (a Redis flushed without persistence): the refresh finds nothing,
        // keeps the last good table, stays healthy, and retries on the same backoff.
        await DeleteReferenceDataAsync(platform);
        platform.Time.Advance(WaitOf(loop, platform));
        await WaitForRefreshAsync(loop, 4);
        Assert.Equal(1, loop.ConsecutiveFailures);
        Assert.Equal((Tickers, Tickers), (cache.WithMetadata, cache.WithBaseline));
        Assert.Equal(HealthStatus.Healthy, (await EnrichmentHealthAsync(platform)).Status);
        Assert.InRange(WaitOf(loop, platform), TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2));
        await platform.CycleAsync(TimeSpan.FromSeconds(1));
        Assert.All(await RowsAsync(platform), row => Assert.NotNull(row.Rvol));
    }

    /// <summary>
    /// Metadata synced but no RVOL baselines yet (Maintenance computes them later): names show
    /// at once, yet the Scanner is not "loaded": Degraded, retried within seconds, and whole
    /// once the baselines appear, not one refresh interval later.
    /// </summary>
    [Fact]
    public async Task Half_the_reference_data_is_used_but_does_not_count_as_loaded_until_the_baselines_appear()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, Tickers, seedReferenceData: false,
            scannerSettings: [new("Scanner:EnrichmentRefreshInterval", "00:05:00")]);
        var loop = platform.ScannerServices.GetRequiredService<LoopMonitor>().Find(EnrichmentRefreshLoop.LoopName)!;
        var cache = platform.ScannerServices.GetRequiredService<EnrichmentCache>();
        Assert.Equal(Tickers, await platform.SeedReferenceDataAsync());
        await DeleteReferenceDataAsync(platform, "rvol:baseline:*");

        platform.Time.Advance(WaitOf(loop, platform));
        await WaitForRefreshAsync(loop, 2);
        Assert.Equal((false, Tickers, 0), (cache.IsLoaded, cache.WithMetadata, cache.WithBaseline));
        var health = await EnrichmentHealthAsync(platform);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("only half there", health.Description, StringComparison.Ordinal);
        Assert.InRange(WaitOf(loop, platform), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4));
        await platform.CycleAsync(TimeSpan.FromSeconds(1));
        Assert.All(await RowsAsync(platform), row => Assert.Equal((null, $"{row.Symbol} Simulated Inc."), (row.Rvol, row.Name)));

        Assert.Equal(Tickers, await platform.SeedReferenceDataAsync());
        platform.Time.Advance(WaitOf(loop, platform));
        await WaitForRefreshAsync(loop, 3);
        Assert.Equal((true, Tickers, Tickers), (cache.IsLoaded, cache.WithMetadata, cache.WithBaseline));
        Assert.Equal(HealthStatus.Healthy, (await EnrichmentHealthAsync(platform)).Status);
        Assert.Equal(TimeSpan.FromMinutes(5), WaitOf(loop, platform));
    }

    private static TimeSpan WaitOf(LoopStatus loop, HotPathHarness platform) => loop.NextAttemptAt!.Value - platform.Time.GetUtcNow();

    /// <summary>Waits until refresh <paramref name="iteration"/> has finished and its next wait is on the fake clock.</summary>
    private static Task WaitForRefreshAsync(LoopStatus loop, long iteration) =>
        Eventually.Until(() => loop is { State: LoopState.Waiting } && loop.Iterations == iteration, $"enrichment refresh {iteration}");

    private static async Task<HealthReportEntry> EnrichmentHealthAsync(HotPathHarness platform) =>
        (await platform.ScannerServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == EnrichmentHealthCheck.Name))
            .Entries[EnrichmentHealthCheck.Name];

    /// <summary>The rows of <c>scanner:filtered_complete:MARKET_OPEN</c> (best score first), as symbol, RVOL and name.</summary>
    private static async Task<List<(string Symbol, double? Rvol, string? Name)>> RowsAsync(HotPathHarness platform)
    {
        using var rows = JsonDocument.Parse((string)(await platform.Database.StringGetAsync(RedisKeys.FilteredComplete("MARKET_OPEN")))!);
        return rows.RootElement.GetProperty("rows").EnumerateArray().Select(row => (
            row.GetProperty("symbol").GetString()!,
            row.GetProperty("rvol").ValueKind == JsonValueKind.Null ? (double?)null : row.GetProperty("rvol").GetDouble(),
            row.GetProperty("name").GetString())).ToList();
    }

    private static async Task<int> RvolCategoryRowsAsync(HotPathHarness platform)
    {
        using var categories = JsonDocument.Parse(await platform.Http.GetStringAsync("/api/categories"));
        return categories.RootElement.EnumerateArray()
            .Where(c => RvolCategories.Contains(c.GetProperty("name").GetString()))
            .Sum(c => c.GetProperty("rows").GetInt32());
    }

    private static async Task DeleteReferenceDataAsync(HotPathHarness platform, params string[] patterns)
    {
        var multiplexer = platform.ScannerServices.GetRequiredService<IConnectionMultiplexer>();
        var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
        foreach (var pattern in patterns.Length > 0 ? patterns : ["metadata:ticker:*", "rvol:baseline:*"])
        {
            var keys = await server.KeysAsync(pattern: pattern, pageSize: 1_000).ToArrayAsync();
            Assert.Equal(Tickers, keys.Length);
            await platform.Database.KeyDeleteAsync(keys);
        }
    }
}
