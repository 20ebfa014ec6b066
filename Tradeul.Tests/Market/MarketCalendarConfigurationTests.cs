using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tradeul.Ingest;
using Tradeul.Ingest.Simulated;
using Tradeul.Maintenance;
using Tradeul.Scanner;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Market;

/// <summary>
/// Closures and early closes declared under <c>Market</c>, through each service's real
/// configuration binding. In the real-servers collection because a running host with declared
/// days makes its calendar the process's (<see cref="MarketCalendar.Current"/>): these tests must
/// not overlap each other. The dates (2031) are used by no other test.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class MarketCalendarConfigurationTests(RealServersFixture servers, ITestOutputHelper output)
{
    /// <summary>The README's example, in appsettings.json form.</summary>
    private const string ReadmeExample = """
        {
          "Market": {
            "Closures": [ { "Date": "2031-03-12", "Reason": "National day of mourning" } ],
            "EarlyCloses": [ { "Date": "2031-03-13", "Close": "13:00", "Reason": "Funeral procession" } ]
          }
        }
        """;

    private static readonly DateOnly ClosureDay = new(2031, 3, 12);      // a Wednesday
    private static readonly DateOnly EarlyCloseDay = new(2031, 3, 13);   // the Thursday after

    [Theory]
    [InlineData("ingest")]
    [InlineData("scanner")]
    [InlineData("maintenance")]
    public void Each_service_binds_declared_days_from_configuration_into_its_calendar(string service)
    {
        var builder = TestHosts.Builder(servers.RedisConnectionString, [new("ConnectionStrings:tradeul", servers.PostgresConnectionString)]);
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(ReadmeExample)));
        _ = service switch
        {
            "ingest" => builder.AddIngestServices(),
            "scanner" => builder.AddScannerServices(),
            _ => builder.AddMaintenanceServices(),
        };
        using var host = builder.Build();

        var calendar = host.Services.GetRequiredService<TradingCalendar>();

        Assert.Equal(2, calendar.DeclaredDays);
        Assert.Equal(MarketSession.Closed, calendar.SessionAt(SimulatedClock.NewYorkTime(ClosureDay, new TimeOnly(10, 0))));
        Assert.True(calendar.IsClosure(ClosureDay, out var reason));
        Assert.Equal("National day of mourning", reason);
        Assert.Equal(MarketSession.PostMarket, calendar.SessionAt(SimulatedClock.NewYorkTime(EarlyCloseDay, new TimeOnly(13, 30))));
        Assert.True(calendar.IsEarlyClose(EarlyCloseDay, out reason));
        Assert.Equal("Funeral procession", reason);
        // Built but not started: the process calendar is untouched.
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(SimulatedClock.NewYorkTime(ClosureDay, new TimeOnly(10, 0))));
    }

    [Fact]
    public async Task Ingest_and_scanner_treat_a_declared_closure_as_closed_and_a_declared_early_close_as_post_market()
    {
        var tenAm = SimulatedClock.NewYorkTime(ClosureDay, new TimeOnly(10, 0));
        await using (var platform = await HotPathHarness.StartAsync(output, tenAm.AddSeconds(-5), tickers: 200, settings:
        [
            new("Market:Closures:0:Date", "2031-03-12"),
            new("Market:Closures:0:Reason", "National day of mourning"),
            new("Market:EarlyCloses:0:Date", "2031-03-13"),
            new("Market:EarlyCloses:0:Close", "13:00"),
        ]))
        {
            Assert.Equal(2, MarketCalendar.Current.DeclaredDays);

            await platform.CycleAsync(TimeSpan.FromSeconds(5));

            Assert.Equal("CLOSED", platform.Stats.Session);
            Assert.Equal(200, platform.Stats.TickersIn);
            Assert.False(await platform.Database.KeyExistsAsync(RedisKeys.FilteredComplete("MARKET_OPEN")));

            // The next day closes at 13:00: 13:30 is the post-market.
            await platform.CycleAsync(SimulatedClock.NewYorkTime(EarlyCloseDay, new TimeOnly(13, 30)) - tenAm);

            Assert.Equal("POST_MARKET", platform.Stats.Session);
            Assert.True(await platform.Database.KeyExistsAsync(RedisKeys.FilteredComplete("POST_MARKET")));
            Assert.False(await platform.Database.KeyExistsAsync(RedisKeys.FilteredComplete("MARKET_OPEN")));
        }

        // Stopped: the process is back on the NYSE calendar.
        Assert.Same(TradingCalendar.Nyse, MarketCalendar.Current);
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(tenAm));
    }

    [Fact]
    public void The_simulated_market_started_on_a_declared_closure_opens_on_the_trading_day_before()
    {
        // Ingest's host at 10:00 on the declared closure, no start time configured: the simulated
        // clock picks the latest trading day, 09:25. Without the declaration that is 10:00 that day.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SimulatedClock.NewYorkTime(ClosureDay, new TimeOnly(10, 0)));
        var builder = TestHosts.Builder(servers.RedisConnectionString,
            [new("Market:Closures:0:Date", "2031-03-12"), new("Simulated:Tickers", "20")], time);
        builder.AddIngestServices();
        using var host = builder.Build();

        // What Host.StartAsync does first: build every hosted service, in registration order.
        _ = host.Services.GetServices<IHostedService>().ToList();

        Assert.Same(host.Services.GetRequiredService<TradingCalendar>(), MarketCalendar.Current);
        Assert.Equal(SimulatedClock.NewYorkTime(ClosureDay.AddDays(-1), new TimeOnly(9, 25)), host.Services.GetRequiredService<SimulatedMarket>().Clock.Start);
        host.Dispose();
        Assert.Same(TradingCalendar.Nyse, MarketCalendar.Current);
    }

    [Theory]
    [InlineData("Market:Closures:0:Date=2031-02-30", "Market:Closures:0:Date", "yyyy-MM-dd")]
    [InlineData("Market:Closures:0:Date=12/03/2031", "Market:Closures:0:Date", "yyyy-MM-dd")]
    [InlineData("Market:Closures:0:Reason=Storm", "Market:Closures:0:Date", "required")]
    [InlineData("Market:Closures:0:Date=2031-03-15", "Market:Closures:0:Date", "Saturday")]
    [InlineData("Market:Closures:0:Date=2025-01-09", "Market:Closures:0:Date", "Jimmy Carter")]
    [InlineData("Market:Closures:0:Date=2031-12-25", "Market:Closures:0:Date", "Christmas Day")]
    [InlineData("Market:Closures:0:Date=2031-03-12;Market:Closures:1:Date=2031-03-12", "Market:Closures:1:Date", "already at Market:Closures:0:Date")]
    [InlineData("Market:Closures:0:Date=2031-03-12;Market:EarlyCloses:0:Date=2031-03-12;Market:EarlyCloses:0:Close=13:00", "Market:EarlyCloses:0:Date", "already at Market:Closures:0:Date")]
    [InlineData("Market:EarlyCloses:0:Date=2031-03-13;Market:EarlyCloses:0:Close=17:00", "Market:EarlyCloses:0:Close", "no later than 16:00")]
    [InlineData("Market:EarlyCloses:0:Date=2031-03-13;Market:EarlyCloses:0:Close=09:30", "Market:EarlyCloses:0:Close", "after 09:30")]
    [InlineData("Market:EarlyCloses:0:Date=2031-03-13;Market:EarlyCloses:0:Close=1pm", "Market:EarlyCloses:0:Close", "HH:mm")]
    [InlineData("Market:EarlyCloses:0:Date=2031-03-13", "Market:EarlyCloses:0:Close", "HH:mm")]
    public async Task Invalid_declarations_stop_start_up_with_a_message_that_names_the_key(string settings, string key, string says)
    {
        var pairs = settings.Split(';').Select(s => s.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p[1]));
        var builder = TestHosts.Builder(servers.RedisConnectionString, pairs);
        builder.AddScannerServices();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        output.WriteLine(error.Message);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Same(TradingCalendar.Nyse, MarketCalendar.Current);
    }

    [Fact]
    public void Installed_calendars_nest_and_the_nyse_calendar_returns_when_the_last_is_removed()
    {
        var first = TradingCalendar.WithDeclared([new(ClosureDay, "first")], []);
        var second = TradingCalendar.WithDeclared([new(EarlyCloseDay, "second")], []);
        var firstInstalled = MarketCalendar.Install(first);
        var secondInstalled = MarketCalendar.Install(second);

        Assert.Same(second, MarketCalendar.Current);
        Assert.False(MarketCalendar.IsTradingDay(EarlyCloseDay));
        firstInstalled.Dispose();
        Assert.Same(second, MarketCalendar.Current);
        secondInstalled.Dispose();
        secondInstalled.Dispose();   // twice is harmless
        Assert.Same(TradingCalendar.Nyse, MarketCalendar.Current);
        Assert.True(MarketCalendar.IsTradingDay(ClosureDay));
        Assert.True(MarketCalendar.IsTradingDay(EarlyCloseDay));
    }

    [Fact]
    public void Declared_days_parse_with_the_invariant_culture_and_trimmed_text()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var options = new MarketCalendarOptions
            {
                Closures = [new DeclaredClosure { Date = " 2031-03-12 " }],
                EarlyCloses = [new DeclaredEarlyClose { Date = "2031-03-13", Close = " 12:30 " }],
            };

            var calendar = options.ToCalendar();

            Assert.True(calendar.IsClosure(ClosureDay, out var reason));
            Assert.Equal("Declared closure", reason);
            Assert.Equal(new TimeSpan(12, 30, 0), calendar.RegularCloseOn(EarlyCloseDay));
            Assert.True(calendar.IsEarlyClose(EarlyCloseDay, out reason));
            Assert.Equal("Declared early close", reason);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
