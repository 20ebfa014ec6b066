using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// What a live subscriber receives: first a full ranking, then one delta per save, each
/// with the ranking's sequence number. A delta's sequence is always the previous one plus
/// one, so a client that sees a jump knows it missed something and fetches the full ranking.
/// A class, not a record: a copy made with <c>with</c> would carry the original's encoded frame.
/// </summary>
public sealed class RankingEvent
{
    // Exactly once even when many responses ask at the same moment (they then wait for the one encoding).
    private readonly Lazy<SseFrame> _frame;

    /// <param name="asOf">The market snapshot's time (UTC offset kept; New York is the market's zone).</param>
    /// <param name="rows">A full ranking's rows, best first (rank = index + 1); null for a delta.</param>
    /// <param name="opsJson">A delta's operations as the JSON array <see cref="RankingDelta.WriteOps"/> writes (UTF-8), encoded once by
    /// the Scanner for <c>stream:ranking:deltas</c> and reused here; null for a full ranking.</param>
    public RankingEvent(string category, long sequence, string session, DateTimeOffset asOf, RankedRow[]? rows, byte[]? opsJson)
    {
        Category = category;
        Sequence = sequence;
        Session = session;
        AsOf = asOf;
        Rows = rows;
        OpsJson = opsJson;
        _frame = new Lazy<SseFrame>(() => SseFrame.Encode(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Category { get; }
    public long Sequence { get; }

    /// <summary>PRE_MARKET, MARKET_OPEN, POST_MARKET or CLOSED.</summary>
    public string Session { get; }

    public DateTimeOffset AsOf { get; }
    public RankedRow[]? Rows { get; }
    public byte[]? OpsJson { get; }

    public bool IsFull => Rows is not null;

    /// <summary>
    /// The event as one Server-Sent Events frame, encoded on first use and then shared: every
    /// subscriber of a category writes the same bytes, so publishing costs the same with 1 or
    /// 1,000 clients.
    /// </summary>
    public SseFrame Frame => _frame.Value;
}
