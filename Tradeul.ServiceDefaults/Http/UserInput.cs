using System.Globalization;
using System.Text;

namespace Tradeul.ServiceDefaults.Http;

/// <summary>
/// Request input quoted for a problem's <c>detail</c> or a log line: never past a short prefix (a
/// 5,000-character path must not come back whole), with control and formatting characters escaped
/// (no line breaks forged into logs, no bidirectional overrides turning text around).
/// </summary>
public static class UserInput
{
    /// <summary>Characters kept before the quote is cut: enough to recognise a name, too few to reflect a payload.</summary>
    public const int MaxQuotedLength = 40;

    /// <summary>
    /// <c>'value'</c>; a longer value is cut to its first <paramref name="maxLength"/> characters and
    /// reads <c>'gappers_u…' (5,000 characters)</c>. A character in Unicode's control, format, line or
    /// paragraph separator categories, or a lone surrogate, is written as <c>\uXXXX</c> (and counts as one).
    /// A surrogate pair is never split. Null reads <c>(none)</c>.
    /// </summary>
    /// <param name="value">Any text that came with a request: a route value, a query value, a header.</param>
    /// <param name="maxLength">Characters of <paramref name="value"/> kept, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 1.</exception>
    public static string Quote(string? value, int maxLength = MaxQuotedLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (value is null)
        {
            return "(none)";
        }
        var quoted = new StringBuilder(Math.Min(value.Length, maxLength) + 32).Append('\'');
        var index = 0;
        while (index < value.Length && index < maxLength)
        {
            var c = value[index];
            if (char.IsHighSurrogate(c) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                if (index + 2 > maxLength)
                {
                    break;
                }
                quoted.Append(c).Append(value[index + 1]);
                index += 2;
                continue;
            }
            if (IsUnsafe(c))
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                quoted.Append(c);
            }
            index++;
        }
        quoted.Append('\'');
        if (index < value.Length)
        {
            quoted.Insert(quoted.Length - 1, '…').Append(CultureInfo.InvariantCulture, $" ({value.Length:N0} characters)");
        }
        return quoted.ToString();
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
}
