using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// What a live subscriber receives: first a full ranking, then one delta per save, each
/// with the ranking's sequence number. A delta's sequence is always the previous one plus
/// one, so a client that sees a jump knows it missed something and fetches the full ranking.
/// A class, not a record: a copy made with <c>with</c> would carry the original's encoded frame.
/// </summary>
/// <param name="asOf">The market snapshot's time (UTC offset kept; New York is the market's zone).</param>
/// <param name="rows">A full ranking's rows, best first (rank = index + 1); null for a delta.</param>
/// <param name="ops">A delta's operations; null for a full ranking.</param>
public sealed class RankingEvent(string category, long sequence, string session, DateTimeOffset asOf, RankedRow[]? rows, IReadOnlyList<RankingOp>? ops)
{
    private SseFrame? _frame;

    public string Category { get; } = category;
    public long Sequence { get; } = sequence;

    /// <summary>PRE_MARKET, MARKET_OPEN, POST_MARKET or CLOSED.</summary>
    public string Session { get; } = session;

    public DateTimeOffset AsOf { get; } = asOf;
    public RankedRow[]? Rows { get; } = rows;
    public IReadOnlyList<RankingOp>? Ops { get; } = ops;

    public bool IsFull => Rows is not null;

    /// <summary>
    /// The event as one Server-Sent Events frame, encoded on first use and then shared: every
    /// subscriber of a category writes the same bytes, so publishing costs the same with 1 or
    /// 1,000 clients.
    /// </summary>
    public SseFrame Frame => LazyInitializer.EnsureInitialized(ref _frame, () => SseFrame.Encode(this));
}
