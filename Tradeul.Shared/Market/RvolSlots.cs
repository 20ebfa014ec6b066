namespace Tradeul.Shared.Market;

/// <summary>
/// RVOL works on 5-minute slots of the extended session, 04:00 to 20:00 New York time:
/// slot 0 is 04:00–04:05, slot 191 is 19:55–20:00. A baseline (<c>rvol:baseline:{SYM}</c>)
/// holds, per slot, the mean cumulative volume at the slot's end over the last N sessions.
/// </summary>
public static class RvolSlots
{
    public const int SlotMinutes = 5;
    public const int Count = 192;
    public static readonly TimeSpan DayStart = TimeSpan.FromHours(4);

    /// <summary>Minutes since 04:00 New York time, clamped to the extended session.</summary>
    public static double MinutesIntoDay(TimeSpan newYorkTimeOfDay) =>
        Math.Clamp((newYorkTimeOfDay - DayStart).TotalMinutes, 0, Count * SlotMinutes);

    /// <summary>The slot containing <paramref name="minutesIntoDay"/>, and how far into it (0..1).</summary>
    public static (int Slot, double Fraction) Locate(double minutesIntoDay)
    {
        var position = Math.Clamp(minutesIntoDay / SlotMinutes, 0, Count - 1e-9);
        var slot = (int)position;
        return (slot, position - slot);
    }

    /// <summary>
    /// A slot nobody recorded traded nothing: it carries the cumulative volume of the slot
    /// before it (slot 0 carries zero). Used wherever a baseline is built or read.
    /// </summary>
    public static void FillForward(double[] slots, bool[] recorded)
    {
        for (var slot = 0; slot < slots.Length; slot++)
        {
            if (!recorded[slot])
            {
                slots[slot] = slot == 0 ? 0 : slots[slot - 1];
            }
        }
    }
}
