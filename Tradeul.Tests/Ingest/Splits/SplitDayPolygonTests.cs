using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tradeul.Ingest.Simulated;
using Tradeul.Ingest.Splits;
using Tradeul.Ingest.Telemetry;
using Tradeul.Scanner.Compute;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Ingest.Polygon;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.Splits;

/// <summary>
/// Case <c>01_split_day_gainers.json</c> (BIOL's 1-for-25 reverse split on 2022-04-29, Polygon's
/// <c>prevDay</c> unadjusted) through the real Polygon provider and split source, Ingest and the
/// Scanner on real Redis. Before splits were known BIOL topped gappers_up at +2107 % and NVCN at +2248 %.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class SplitDayPolygonTests(ITestOutputHelper output)
{
    /// <summary>Categories ranked or selected by change or gap: an unresolved split must be in none of them.</summary>
    private static readonly string[] ChangeAndGapCategories =
        ["gappers_up", "gappers_down", "momentum_up", "momentum_down", "winners", "losers", "reversals", "post_market"];

    [Fact]
    public async Task On_the_ex_date_BIOL_is_adjusted_by_its_split_NVCN_is_held_out_as_unresolved_and_PLAIN_keeps_its_3_percent()
    {
        await using var day = await SplitDayPlatform.StartAsync(output);
        using var splitRows = new CounterRecorder(day.Platform.IngestServices.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            IngestTelemetry.Name, SplitTelemetry.RowsInstrument);

        await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));

        // Ingest: what snapshots:raw carries.
        var rows = await day.NewestRowsAsync();
        Assert.Equal(4.8825, rows["BIOL"].PrevClose, 10);                      // 0.1953 x 25
        Assert.Equal(QuoteFlags.SplitAdjusted, rows["BIOL"].Flags);
        Assert.Equal(0.04, rows["BIOL"].SplitRatio);
        Assert.Equal(QuoteFlags.SplitUnresolved, rows["NVCN"].Flags);          // 6.42 against 0.29: 22x, no split listed
        Assert.Equal(0.29, rows["NVCN"].PrevClose);
        Assert.Equal(0, rows["NVCN"].SplitRatio);
        Assert.Equal(QuoteFlags.None, rows["PLAIN"].Flags);
        Assert.Equal(20.0, rows["PLAIN"].PrevClose);

        // Scanner: BIOL is a -13.74 % loser gapping -11.73 %, not a +2107 % gapper; RVOL on the
        // post-split share count: 453,199 / (1,000,000 x 0.04) = 11.33 (unscaled it would read 0.45).
        var gappersUp = await day.CategoryAsync("gappers_up");
        var plain = Assert.Single(gappersUp);
        Assert.Equal("PLAIN", plain.GetProperty("symbol").GetString());
        Assert.Equal(3.0, plain.GetProperty("change_percent").GetDouble());
        Assert.Equal(2.5, plain.GetProperty("gap_percent").GetDouble());
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("split_ratio").ValueKind);

        var biol = Assert.Single(await day.CategoryAsync("gappers_down"), r => r.GetProperty("symbol").GetString() == "BIOL");
        Assert.Equal(-13.74, biol.GetProperty("change_percent").GetDouble());
        Assert.Equal(-11.73, biol.GetProperty("gap_percent").GetDouble());
        Assert.Equal(4.2116, biol.GetProperty("price").GetDouble());
        Assert.Equal(0.04, biol.GetProperty("split_ratio").GetDouble());
        Assert.False(biol.GetProperty("split_unresolved").GetBoolean());
        Assert.Equal(11.33, biol.GetProperty("rvol").GetDouble());
        Assert.Contains(await day.CategoryAsync("losers"), r => r.GetProperty("symbol").GetString() == "BIOL");

        foreach (var category in ChangeAndGapCategories)
        {
            Assert.DoesNotContain(await day.CategoryAsync(category), r => r.GetProperty("symbol").GetString() == "NVCN");
        }
        // The other four rank RVOL, or today's own prices against the day's high and low (new highs/lows).
        Assert.Equal(ScanCategories.All.Count, ChangeAndGapCategories.Length + 4);
        Assert.Contains(await day.CategoryAsync("new_lows"), r => r.GetProperty("symbol").GetString() == "NVCN");
        using (var filtered = JsonDocument.Parse((string)(await day.Platform.Database.StringGetAsync(RedisKeys.FilteredComplete("MARKET_OPEN")))!))
        {
            var nvcn = Assert.Single(filtered.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("symbol").GetString() == "NVCN");
            Assert.Equal(JsonValueKind.Null, nvcn.GetProperty("change_percent").ValueKind);
            Assert.Equal(JsonValueKind.Null, nvcn.GetProperty("gap_percent").ValueKind);
            Assert.True(nvcn.GetProperty("split_unresolved").GetBoolean());
        }

        // Counted: the stats JSON and the metric.
        using var stats = JsonDocument.Parse(JsonSerializer.Serialize(day.Platform.IngestStats));
        var splits = stats.RootElement.GetProperty("splits");
        Assert.Equal("polygon", splits.GetProperty("source").GetString());
        Assert.Equal("2022-04-29", splits.GetProperty("date").GetString());
        Assert.True(splits.GetProperty("known").GetBoolean());
        Assert.Equal(1, splits.GetProperty("listed").GetInt32());
        Assert.Equal(1, splits.GetProperty("adjusted_rows").GetInt32());
        Assert.Equal(1, splits.GetProperty("unresolved_rows").GetInt32());
        Assert.Equal(0, splits.GetProperty("fetch_failures").GetInt64());
        Assert.Equal(1, splitRows.Sum(("outcome", "adjusted")));
        Assert.Equal(1, splitRows.Sum(("outcome", "unresolved")));

        // The listing was asked for the ex-date, with the bearer key and never the key in the URL.
        var request = Assert.Single(day.SplitRequests);
        Assert.Equal("?execution_date=2022-04-29&limit=1000", request.Query);
        Assert.Equal($"Bearer {PolygonTestProviders.ApiKey}", request.Authorization);
    }

    [Fact]
    public async Task The_splits_are_fetched_once_per_trading_day_kept_over_the_weekend_and_not_applied_the_next_trading_day()
    {
        await using var day = await SplitDayPlatform.StartAsync(output);

        for (var cycle = 0; cycle < 12; cycle++)
        {
            await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));
        }
        Assert.Single(day.SplitRequests);
        Assert.Equal(QuoteFlags.SplitAdjusted, (await day.NewestRowsAsync())["BIOL"].Flags);

        // Saturday: Polygon keeps serving Friday's bars, so Friday's split still applies, unasked.
        var saturday = SimulatedClock.NewYorkTime(new DateOnly(2022, 4, 30), new TimeOnly(12, 0));
        await day.Platform.CycleAsync(saturday - day.Platform.Time.GetUtcNow());
        Assert.Single(day.SplitRequests);
        Assert.Equal(QuoteFlags.SplitAdjusted, (await day.NewestRowsAsync())["BIOL"].Flags);

        // Monday 2 May 2022, 09:35: the next trading day. Polygon lists no split for it, and the
        // payload still carries BIOL's pre-split prevDay, so BIOL is now suspect, not adjusted.
        day.Server.RespondSplits = PolygonTestServer.Json(SplitDayPlatform.EmptyListing);
        var monday = SimulatedClock.NewYorkTime(new DateOnly(2022, 5, 2), new TimeOnly(9, 35));
        await day.Platform.CycleAsync(monday - day.Platform.Time.GetUtcNow());
        await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["?execution_date=2022-04-29&limit=1000", "?execution_date=2022-05-02&limit=1000"], day.SplitRequests.Select(r => r.Query));
        var rows = await day.NewestRowsAsync();
        Assert.Equal(QuoteFlags.SplitUnresolved, rows["BIOL"].Flags);
        Assert.Equal(0.1953, rows["BIOL"].PrevClose);
        Assert.DoesNotContain(await day.CategoryAsync("gappers_up"), r => r.GetProperty("symbol").GetString() == "BIOL");
        Assert.Equal(2, day.Platform.IngestStats.Splits!.Fetches);
        Assert.Equal("2022-05-02", day.Platform.IngestStats.Splits.Date);
    }

    [Fact]
    public async Task A_rate_limited_splits_endpoint_holds_suspect_rows_out_counts_the_failure_and_is_asked_again_only_after_its_Retry_After()
    {
        // Case 03: HTTP 429 with Retry-After: 60, longer than the configured first retry delay of 20 s.
        await using var day = await SplitDayPlatform.StartAsync(output, [new("Ingest:Splits:RetryDelay", "00:00:20")]);
        day.Server.RespondSplits = PolygonCaseAnswers.FromCase("03_rate_limited_429.json", StatusCodes.Status429TooManyRequests, "03_rate_limited_429.headers");
        using var fetches = new CounterRecorder(day.Platform.IngestServices.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            IngestTelemetry.Name, SplitTelemetry.FetchesInstrument);

        await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));
        var failedAt = day.Platform.Time.GetUtcNow();

        // The snapshot is published all the same; both suspect rows are held out, PLAIN ranks.
        var rows = await day.NewestRowsAsync();
        Assert.Equal(QuoteFlags.SplitUnresolved, rows["BIOL"].Flags);
        Assert.Equal(QuoteFlags.SplitUnresolved, rows["NVCN"].Flags);
        Assert.Equal(QuoteFlags.None, rows["PLAIN"].Flags);
        Assert.Equal(["PLAIN"], (await day.CategoryAsync("gappers_up")).Select(r => r.GetProperty("symbol").GetString()));
        Assert.DoesNotContain(await day.CategoryAsync("gappers_down"), r => r.GetProperty("symbol").GetString() == "BIOL");
        var stats = day.Platform.IngestStats;
        Assert.Equal(1, stats.Cycles);
        Assert.Equal(0, stats.FailedCycles);
        Assert.False(stats.Splits!.Known);
        Assert.Equal(1, stats.Splits.FetchFailures);
        Assert.Equal(2, stats.Splits.UnresolvedRows);
        Assert.Contains("429", stats.Splits.LastFetchError);
        Assert.Equal(failedAt + TimeSpan.FromSeconds(60), stats.Splits.NextFetchAt);
        Assert.Equal(1, fetches.Sum(("outcome", "failed")));

        // Every 5 s cycle inside the minute goes without asking again.
        while (day.Platform.Time.GetUtcNow() + TimeSpan.FromSeconds(5) < failedAt + TimeSpan.FromSeconds(60))
        {
            await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));
        }
        Assert.Single(day.SplitRequests);

        day.Server.RespondSplits = PolygonTestServer.Json(SplitDayPlatform.BiolListing);
        await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, day.SplitRequests.Count());
        Assert.Equal(QuoteFlags.SplitAdjusted, (await day.NewestRowsAsync())["BIOL"].Flags);
        Assert.Contains(await day.CategoryAsync("gappers_down"), r => r.GetProperty("symbol").GetString() == "BIOL");
        Assert.True(day.Platform.IngestStats.Splits!.Known);
        Assert.Null(day.Platform.IngestStats.Splits!.NextFetchAt);
        Assert.Equal(1, fetches.Sum(("outcome", "succeeded")));
    }

    [Fact]
    public async Task A_failing_splits_endpoint_without_Retry_After_is_asked_again_after_a_doubling_delay()
    {
        await using var day = await SplitDayPlatform.StartAsync(output, [new("Ingest:Splits:RetryDelay", "00:00:30"), new("Ingest:Splits:MaxRetryDelay", "00:10:00")]);
        day.Server.RespondSplits = PolygonTestServer.Json("""{"status":"ERROR","error":"upstream unavailable"}""", StatusCodes.Status503ServiceUnavailable);

        await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));
        Assert.Single(day.SplitRequests);

        // First wait: 30 s less up to 20 % jitter, so asked again by 30 s, not before 24 s.
        await day.Platform.CycleAsync(TimeSpan.FromSeconds(20));
        Assert.Single(day.SplitRequests);
        await day.Platform.CycleAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, day.SplitRequests.Count());

        // Second wait: 60 s less up to 20 %: not at 40 s, by 60 s.
        await day.Platform.CycleAsync(TimeSpan.FromSeconds(40));
        Assert.Equal(2, day.SplitRequests.Count());
        await day.Platform.CycleAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(3, day.SplitRequests.Count());

        var splits = day.Platform.IngestStats.Splits!;
        Assert.Equal(3, splits.FetchFailures);
        Assert.Contains("503", splits.LastFetchError);
        Assert.Equal(5, day.Platform.IngestStats.Cycles);
        Assert.Equal(QuoteFlags.SplitUnresolved, (await day.NewestRowsAsync())["BIOL"].Flags);
    }

    [Fact]
    public async Task Unusable_split_records_are_rejected_and_counted_and_a_symbol_listed_with_two_ratios_stays_unresolved()
    {
        await using var day = await SplitDayPlatform.StartAsync(output);
        day.Server.RespondSplits = PolygonTestServer.Json("""
            {"status":"OK","results":[
              {"execution_date":"2022-04-29","split_from":25,"split_to":1,"ticker":"BIOL"},
              {"execution_date":"2022-04-29","split_from":20,"split_to":1,"ticker":"BIOL"},
              {"execution_date":"2022-04-29","split_from":"22","split_to":1,"ticker":"NVCN"},
              {"execution_date":"2022-04-29","split_from":10,"split_to":0,"ticker":"AAA"},
              {"execution_date":"2022-04-29","split_from":2,"split_to":1},
              {"execution_date":"2022-05-02","split_from":2,"split_to":1,"ticker":"BBB"}
            ]}
            """);

        await day.Platform.CycleAsync(TimeSpan.FromSeconds(5));

        var rows = await day.NewestRowsAsync();
        Assert.Equal(QuoteFlags.SplitUnresolved, rows["BIOL"].Flags);
        Assert.Equal(0.1953, rows["BIOL"].PrevClose);
        Assert.Equal(QuoteFlags.SplitUnresolved, rows["NVCN"].Flags);
        var splits = day.Platform.IngestStats.Splits!;
        Assert.True(splits.Known);
        Assert.Equal(4, splits.RejectedRecords);
        Assert.Equal(1, splits.Conflicting);
        Assert.Equal(2, splits.UnresolvedRows);
        Assert.Equal(0, splits.AdjustedRows);
    }
}
