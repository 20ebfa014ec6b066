using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Ingest;

/// <summary>
/// Row counts are compared within one session of one trading day: at 09:30 the validator drops
/// pre-market rows that never printed, and a provider refills its snapshot after the night, so
/// a smaller market across a session change is normal, while a collapse inside one is not.
/// </summary>
public sealed class SnapshotPlausibilitySessionTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    private static DateTimeOffset At(DateOnly date, int hour, int minute, int second = 0) =>
        SimulatedClock.NewYorkTime(date, new TimeOnly(hour, minute, second));

    private static SnapshotPlausibility Rule() =>
        new(Options.Create(new SnapshotPlausibilityOptions()), NullLogger<SnapshotPlausibility>.Instance);

    [Fact]
    public void The_first_snapshot_of_the_regular_session_may_be_smaller_than_the_pre_markets_last_but_not_the_second()
    {
        var rule = Rule();
        rule.Remember(11_000, At(Tuesday, 9, 29, 55), MarketSession.PreMarket);

        Assert.True(rule.Admit(4_000, At(Tuesday, 9, 30, 0), MarketSession.MarketOpen));
        rule.Remember(4_000, At(Tuesday, 9, 30, 0), MarketSession.MarketOpen);
        Assert.False(rule.Admit(1_000, At(Tuesday, 9, 30, 5), MarketSession.MarketOpen));
        // Empty is never admitted during a session, even as its first snapshot.
        Assert.False(rule.Admit(0, At(Tuesday, 9, 30, 10), MarketSession.MarketOpen));
    }

    [Fact]
    public void After_the_night_the_pre_market_refilling_is_not_compared_with_last_evening()
    {
        var rule = Rule();
        rule.Remember(11_000, At(Tuesday, 19, 59, 55), MarketSession.PostMarket);

        Assert.True(rule.Admit(300, At(Tuesday.AddDays(1), 4, 5), MarketSession.PreMarket));
        // The same session on the same trading day is compared: 300 is the new reference.
        rule.Remember(300, At(Tuesday.AddDays(1), 4, 5), MarketSession.PreMarket);
        Assert.False(rule.Admit(100, At(Tuesday.AddDays(1), 4, 5, 5), MarketSession.PreMarket));
        Assert.True(rule.Admit(150, At(Tuesday.AddDays(1), 4, 5, 10), MarketSession.PreMarket));
    }
}
