using Tradeul.ServiceDefaults.Http;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>How request input is quoted in problems and logs: a short prefix, nothing that reads as a line break or turns text around.</summary>
public sealed class UserInputTests
{
    [Fact]
    public void A_short_value_is_quoted_whole()
    {
        Assert.Equal("'gappers_up'", UserInput.Quote("gappers_up"));
        Assert.Equal("''", UserInput.Quote(""));
        Assert.Equal("(none)", UserInput.Quote(null));
    }

    [Fact]
    public void A_long_value_keeps_only_its_prefix_and_says_how_long_it_was()
    {
        var quoted = UserInput.Quote(new string('x', 5_000));

        Assert.Equal($"'{new string('x', UserInput.MaxQuotedLength)}…' (5,000 characters)", quoted);
        Assert.Equal("'abc…' (4 characters)", UserInput.Quote("abcd", maxLength: 3));
        Assert.Equal("'abcd'", UserInput.Quote("abcd", maxLength: 4));
    }

    [Fact]
    public void Control_and_formatting_characters_are_escaped()
    {
        // A forged log line, a NUL, and a right-to-left override that would turn "txt.exe" around.
        Assert.Equal(@"'a\u000d\u000aFAKE: entry\u0000'", UserInput.Quote("a\r\nFAKE: entry\0"));
        Assert.Equal(@"'\u202eexe.txt'", UserInput.Quote("\u202Eexe.txt"));
        Assert.Equal(@"'x\u2028y'", UserInput.Quote("x\u2028y"));
        // A lone surrogate is not text either.
        Assert.Equal(@"'\ud800z'", UserInput.Quote("\uD800z"));
    }

    [Fact]
    public void A_surrogate_pair_is_kept_whole_or_left_out_whole()
    {
        const string Chart = "📈"; // two UTF-16 units
        Assert.Equal($"'{Chart}'", UserInput.Quote(Chart));
        Assert.Equal("'a…' (3 characters)", UserInput.Quote("a" + Chart, maxLength: 2));
        Assert.Equal($"'a{Chart}…' (4 characters)", UserInput.Quote("a" + Chart + "b", maxLength: 3));
    }

    [Fact]
    public void A_limit_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UserInput.Quote("x", maxLength: 0));
}
