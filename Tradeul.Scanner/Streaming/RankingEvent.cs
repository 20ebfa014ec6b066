using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// What a live subscriber receives: first a full ranking, then one delta per save, each
/// with the ranking's sequence number. A delta's sequence is always the previous one plus
/// one, so a client that sees a jump knows it missed something and fetches the full ranking.
/// </summary>
public sealed record RankingEvent(string Category, long Sequence, string Session, DateTimeOffset AsOf, RankedRow[]? Rows, IReadOnlyList<RankingOp>? Ops)
{
    private SseFrame? _frame;

    public bool IsFull => Rows is not null;

    /// <summary>
    /// The event as one Server-Sent Events frame, encoded on first use and then shared: every
    /// subscriber of a category writes the same bytes, so publishing costs the same with 1 or
    /// 1,000 clients.
    /// </summary>
    public SseFrame Frame => LazyInitializer.EnsureInitialized(ref _frame, () => SseFrame.Encode(this));
}
