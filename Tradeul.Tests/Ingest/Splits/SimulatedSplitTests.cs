using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Shared.Market;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.Splits;

/// <summary>The default path: the simulated market splits a few names a day and Ingest adjusts them like Polygon's.</summary>
[Collection(RealServersCollection.Name)]
public sealed class SimulatedSplitTests(ITestOutputHelper output)
{
    /// <summary>Tuesday 24 November 2026, 09:45 New York.</summary>
    private static readonly DateTimeOffset Morning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(9, 45));

    [Fact]
    public async Task On_a_simulated_day_the_split_names_come_out_adjusted_and_none_ranks_as_a_huge_mover()
    {
        await using var platform = await HotPathHarness.StartAsync(output, Morning, tickers: 3_000);
        for (var cycle = 0; cycle < 4; cycle++)
        {
            await platform.CycleAsync(TimeSpan.FromMinutes(5));
        }

        var market = platform.IngestServices.GetRequiredService<SimulatedMarket>();
        var splits = market.SplitsOn(new DateOnly(2026, 11, 24));
        Assert.InRange(splits.Count, 2, 4);
        Assert.All(splits, s => Assert.True(s.Ratio is 2 or (>= 1.0 / 50 and <= 1.0 / 10), $"{s.Symbol} ratio {s.Ratio}"));

        var rows = await SplitDayPlatform.NewestRowsAsync(platform);
        foreach (var split in splits)
        {
            var row = rows[split.Symbol];
            Assert.Equal(QuoteFlags.SplitAdjusted, row.Flags);
            Assert.Equal(split.Ratio, row.SplitRatio);
            // Adjusted, the change is an ordinary day's (gaps and bursts of up to 15 % each), not x25.
            Assert.InRange(MetricsCalculator.PercentChange(row.Price, row.PrevClose), -40, 40);
        }
        // Nothing else in the simulated market looks like a split, so nothing is held out.
        Assert.Equal(0, platform.IngestStats.Splits!.UnresolvedRowsTotal);
        Assert.Equal(splits.Count, platform.IngestStats.Splits.AdjustedRows);
        Assert.Equal("simulated", platform.IngestStats.Splits.Source);

        foreach (var category in ScanCategories.All)
        {
            foreach (var ranked in await SplitDayPlatform.CategoryAsync(platform, category.Name))
            {
                var change = ranked.GetProperty("change_percent");
                Assert.True(change.ValueKind == JsonValueKind.Null || change.GetDouble() < 100, $"{ranked.GetProperty("symbol")} in {category.Name}: {change}");
                if (splits.Any(s => s.Symbol == ranked.GetProperty("symbol").GetString()))
                {
                    Assert.Equal(splits.Single(s => s.Symbol == ranked.GetProperty("symbol").GetString()).Ratio, ranked.GetProperty("split_ratio").GetDouble());
                }
            }
        }
    }

    [Fact]
    public async Task The_split_plan_follows_the_seed_and_the_date_and_quotes_carry_the_unadjusted_previous_close_on_the_ex_date_only()
    {
        var first = Market(Morning, out var firstTime);
        var second = Market(Morning, out _);
        await first.FetchAsync(CancellationToken.None);
        await second.FetchAsync(CancellationToken.None);
        var tuesday = first.SplitsOn(new DateOnly(2026, 11, 24));
        Assert.Equal(tuesday, second.SplitsOn(new DateOnly(2026, 11, 24)));
        Assert.NotEmpty(tuesday);

        var exDate = (await first.FetchAsync(CancellationToken.None)).Quotes.ToDictionary(q => q.Symbol);
        foreach (var split in tuesday)
        {
            // Polygon-style: the previous close on the old share count, the price on the new one.
            var quote = exDate[split.Symbol];
            Assert.InRange(quote.Price / (quote.PrevClose / split.Ratio), 0.6, 1.6);
            Assert.Equal(QuoteFlags.None, quote.Flags);
        }

        // Wednesday: another plan, and Tuesday's names trade on from their post-split close.
        firstTime.Advance(TimeSpan.FromDays(1));
        var wednesdayQuotes = (await first.FetchAsync(CancellationToken.None)).Quotes.ToDictionary(q => q.Symbol);
        Assert.NotEqual(tuesday.Select(s => s.Symbol), first.SplitsOn(new DateOnly(2026, 11, 25)).Select(s => s.Symbol));
        foreach (var split in tuesday.Where(s => first.SplitsOn(new DateOnly(2026, 11, 25)).All(w => w.Symbol != s.Symbol)))
        {
            var quote = wednesdayQuotes[split.Symbol];
            Assert.InRange(quote.Price / quote.PrevClose, 0.6, 1.6);
        }

        // A market that starts on Thanksgiving (26 November 2026): no session, no splits.
        var holiday = Market(SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 26), new TimeOnly(10, 0)), out _);
        await holiday.FetchAsync(CancellationToken.None);
        Assert.Empty(holiday.SplitsOn(new DateOnly(2026, 11, 26)));
    }

    private static SimulatedMarket Market(DateTimeOffset start, out FakeTimeProvider time)
    {
        time = new FakeTimeProvider(start);
        return new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = 3_000, StartTime = start }), time);
    }
}
