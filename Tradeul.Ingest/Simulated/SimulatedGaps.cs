namespace Tradeul.Ingest.Simulated;

/// <summary>
/// The overnight gap a simulated ticker opens with, and how much heavier than usual it trades
/// because of it, shaped like an ordinary US session as a gap scanner shows it. Expected counts
/// of 12,000 names (open vs previous close): about 80 % within +/-1 %, about 650 beyond 2 %,
/// about 330 beyond 3 %, about 50 beyond 10 % (about 33 beyond 13 %), a few beyond 50 %.
/// </summary>
/// <remarks>
/// Two populations, because that is how a morning tape reads. Names without news move with the
/// market overnight: a normal log return with a 0.7 % standard deviation (85 % within +/-1 %, under
/// 1 % of them beyond 2 %). About 5 % of listed names have news on a given morning (earnings,
/// guidance, trial results, offerings); their gap size follows a power law (Pareto with a 2 %
/// minimum and tail index 1.5), the heavy tail of overnight returns. The index is chosen so the
/// counts match an ordinary day (issue 11: a few dozen names gapping over 10 % is typical); it is
/// heavier than the "cubic law" of large-cap returns (Gabaix et al., Nature 2003) because the
/// biggest gappers are news-driven small caps. Up and down gaps are equally likely and symmetric in
/// log terms, so a +100 % gap mirrors a -50 % one: a price can multiply but never fall below zero.
/// The previous version drew 6 % of names uniformly between 3 % and 15 %, which put more than 100
/// of 12,000 names over 13 %.
/// </remarks>
internal static class SimulatedGaps
{
    private const double NewsProbability = 0.05;
    private const double QuietSigma = 0.007;
    private const double NewsMinimumGap = 0.02;
    private const double NewsTailIndex = 1.5;
    private const double NewsMaximumGap = 2.5;   // +250 %: the rare low-float runner, no further

    /// <summary>Today's gap as a log return (ln(open / previous close)) for one ticker.</summary>
    public static double DrawLogReturn(ref SplitMix random)
    {
        if (random.NextDouble() >= NewsProbability)
        {
            return random.NextNormal() * QuietSigma;
        }
        // Inverse transform of the Pareto tail: P(gap > x) = (minimum / x)^index; 1 - u is in (0, 1].
        var size = Math.Min(NewsMaximumGap, NewsMinimumGap * Math.Pow(1 - random.NextDouble(), -1 / NewsTailIndex));
        var logSize = Math.Log(1 + size);
        return random.NextDouble() < 0.5 ? logSize : -logSize;
    }

    /// <summary>A gap a scanner shows (1.5 % or more either way): such a name trades its gap at the open.</summary>
    public static bool IsGapper(double gapLogReturn) => Math.Abs(gapLogReturn) >= 0.015;

    /// <summary>
    /// What a gapper does with its gap in the first hour after the open, as a log return from the
    /// open: from running on by half the gap again (gap-and-go) to giving back 70 % of it (a fade),
    /// fading a little more often than running. A 5 % gapper that gives back 40 % or more of its gap
    /// shows up in reversals; so does roughly one gapper in four, as a morning tape reads.
    /// </summary>
    public static double OpeningMoveLogReturn(ref SplitMix random, double gapLogReturn) =>
        -gapLogReturn * random.Uniform(-0.5, 0.7);

    /// <summary>
    /// How many times its usual volume a ticker trades all day because of its gap: 1 within +/-1 %,
    /// about 1.8 at 3 %, 4.4 at 10 %, 17 at 50 %. News names are what the tape trades; a 10 %
    /// gapper on a few thousand shares is not a real market.
    /// </summary>
    public static double VolumeMultiplier(double gapLogReturn) =>
        1 + 40 * Math.Max(0, Math.Abs(gapLogReturn) - 0.01);
}
