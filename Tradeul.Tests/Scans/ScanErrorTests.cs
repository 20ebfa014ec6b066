using Tradeul.Scanner.Scans;

namespace Tradeul.Tests.Scans;

/// <summary>Every kind of mistake gets its own message for people, with the 1-based position and part it is in.</summary>
public sealed class ScanErrorTests
{
    private static ScanSyntaxException FilterError(string filter) =>
        Assert.Throws<ScanSyntaxException>(() => ScanLanguage.Compile(new ScanDefinition(filter, "price")));

    private static ScanSyntaxException SortError(string sort) =>
        Assert.Throws<ScanSyntaxException>(() => ScanLanguage.Compile(new ScanDefinition("", sort)));

    [Theory]
    [InlineData("rvoll > 2", "unknown field 'rvoll' at 1; did you mean 'rvol'?", 1)]
    [InlineData("price > 1 and chnge_percent > 5", "unknown field 'chnge_percent' at 15; did you mean 'change_percent'?", 15)]
    [InlineData("volume_5mins > 10k", "unknown field 'volume_5mins' at 1; did you mean 'volume_5min'?", 1)]
    [InlineData("PRCE > 1", "unknown field 'PRCE' at 1; did you mean 'price'?", 1)]
    [InlineData("zzzzzz > 1", "unknown field 'zzzzzz' at 1", 1)]
    public void An_unknown_field_names_the_nearest_one(string filter, string message, int position)
    {
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.UnknownField, error.Kind);
        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position);
        Assert.Equal(ScanPart.Filter, error.Part);
    }

    [Theory]
    [InlineData("abss(change_percent) > 2", "unknown function 'abss' at 1; did you mean 'abs'?")]
    [InlineData("betwen(price, 1, 5)", "unknown function 'betwen' at 1; did you mean 'between'?")]
    [InlineData("exec(price) > 1", "unknown function 'exec' at 1")]
    public void An_unknown_function_names_the_nearest_one(string filter, string message)
    {
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.UnknownFunction, error.Kind);
        Assert.Equal(message, error.Message);
        Assert.Equal(1, error.Position);
    }

    [Theory]
    [InlineData("price >", "unexpected end of expression at 8; expected a field, a number, a text in quotes, a function call or '('", 8)]
    [InlineData("price > 5 and", "unexpected end of expression at 14; expected a field, a number, a text in quotes, a function call or '('", 14)]
    [InlineData("(price > 5", "unexpected end of expression at 11; expected ')'", 11)]
    [InlineData("abs(price > 1", "unexpected end of expression at 14; expected ',' or ')'", 14)]
    [InlineData("abs(>", "unexpected '>' at 5; expected a field, a number, a text in quotes, a function call or '('", 5)]
    [InlineData("max(price,)", "unexpected ')' at 11; expected a field, a number, a text in quotes, a function call or '('", 11)]
    [InlineData("price 5", "unexpected '5' at 7; expected an operator, 'and', 'or' or the end of the expression", 7)]
    [InlineData("price >> 5", "unexpected '>' at 8; expected a field, a number, a text in quotes, a function call or '('", 8)]
    [InlineData(") price", "unexpected ')' at 1; expected a field, a number, a text in quotes, a function call or '('", 1)]
    [InlineData("1 < 2 < 3", "unexpected '<' at 7; expected an operator, 'and', 'or' or the end of the expression", 7)]
    [InlineData("sector in \"Technology\"", "unexpected '\"Technology\"' at 11; expected '('", 11)]
    [InlineData("sector in ()", "unexpected ')' at 12; expected a text in quotes", 12)]
    [InlineData("sector in (\"a\" \"b\")", "unexpected '\"b\"' at 16; expected ',' or ')'", 16)]
    [InlineData("price > 5 and and volume > 1", "unexpected 'and' at 15; expected a field, a number, a text in quotes, a function call or '('", 15)]
    [InlineData("not", "unexpected end of expression at 4; expected a field, a number, a text in quotes, a function call or '('", 4)]
    [InlineData("price ! 5", "unexpected '!' at 7; expected an operator, 'and', 'or' or the end of the expression", 7)]
    [InlineData("price > 5;", "unexpected ';' at 10; expected an operator, 'and', 'or' or the end of the expression", 10)]
    public void A_syntax_error_says_what_was_found_where_and_what_was_expected(string filter, string message, int position)
    {
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.Syntax, error.Kind);
        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position);
    }

    [Theory]
    [InlineData("System.IO.File.Delete(\"x\")", "unexpected '.IO.File.Delete' at 7; expected an operator, 'and', 'or' or the end of the expression")]
    [InlineData("\"\".GetType()", "unexpected '.GetType' at 3; expected an operator, 'and', 'or' or the end of the expression")]
    [InlineData("price.ToString() == \"1\"", "unexpected '.ToString' at 6; expected an operator, 'and', 'or' or the end of the expression")]
    [InlineData("typeof(System.Environment)", "unexpected '.Environment' at 14; expected ',' or ')'")]
    public void Member_access_method_calls_and_type_names_do_not_exist(string filter, string message)
    {
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.Syntax, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_call_of_anything_but_the_four_functions_is_an_unknown_function()
    {
        var error = FilterError("GetType() == \"x\"");
        Assert.Equal(ScanErrorKind.UnknownFunction, error.Kind);
        Assert.Equal("unknown function 'GetType' at 1", error.Message);
    }

    [Theory]
    [InlineData("price > \"abc\"", "'>' at 7 compares numbers; its right side is text", 7)]
    [InlineData("sector > 5", "'>' at 8 compares numbers; its left side is text", 8)]
    [InlineData("sector == 5", "'==' at 8 compares like with like; its left side is text and its right side a number", 8)]
    [InlineData("\"a\" == \"b\"", "'==' at 5 compares two quoted texts; one side must be a text field such as sector", 5)]
    [InlineData("price in (\"a\")", "'in' at 7 needs a text field on its left, e.g. sector in (\"Technology\"); its left side is a number", 7)]
    [InlineData("price and volume > 5", "'and' at 7 needs a condition on both sides; its left side is a number", 7)]
    [InlineData("price > 1 or volume", "'or' at 11 needs a condition on both sides; its right side is a number", 11)]
    [InlineData("price + sector > 1", "'+' at 7 needs numbers on both sides; its right side is text", 7)]
    [InlineData("not price", "'not' at 1 needs a condition, not a number", 1)]
    [InlineData("-(price > 1)", "'-' at 1 needs a number, not a condition", 1)]
    [InlineData("abs(sector) > 1", "argument 1 of abs at 5 must be a number, not text", 5)]
    [InlineData("abs(1, 2) > 1", "abs at 1 takes 1 argument, not 2", 1)]
    [InlineData("min(price) > 1", "min at 1 takes 2 or more arguments, not 1", 1)]
    [InlineData("between(price, 1)", "between at 1 takes 3 arguments (value, low, high), not 2", 1)]
    [InlineData("abs() > 1", "abs at 1 takes 1 argument, not 0", 1)]
    [InlineData("abs > 5", "'abs' at 1 is a function; call it with parentheses, e.g. abs(change_percent)", 1)]
    [InlineData("price(5) > 1", "'price' at 1 is a field, not a function", 1)]
    [InlineData("price", "the filter must be a condition (true or false) but is a number, at 1", 1)]
    [InlineData("  sector", "the filter must be a condition (true or false) but is text, at 3", 3)]
    public void A_type_error_says_what_each_side_is(string filter, string message, int position)
    {
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.Type, error.Kind);
        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position);
    }

    [Theory]
    [InlineData("price > 5", "the sort must be a number but is a condition, at 1", ScanErrorKind.Type)]
    [InlineData("sector", "the sort must be a number but is text, at 1", ScanErrorKind.Type)]
    [InlineData("", "the sort is empty; give a number to rank by, e.g. change_percent", ScanErrorKind.Syntax)]
    [InlineData("rvoll", "unknown field 'rvoll' at 1; did you mean 'rvol'?", ScanErrorKind.UnknownField)]
    public void A_sort_error_is_in_the_sort(string sort, string message, ScanErrorKind kind)
    {
        var error = SortError(sort);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(message, error.Message);
        Assert.Equal(ScanPart.Sort, error.Part);
    }

    [Fact]
    public void A_100000_character_expression_is_too_long()
    {
        var filter = string.Join(" and ", Enumerable.Repeat("price > 1", 100_000 / 14)).PadRight(100_000);
        Assert.Equal(100_000, filter.Length);
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.TooLong, error.Kind);
        Assert.Equal("the expression is 100,000 characters long; the limit is 2,000", error.Message);
        Assert.Null(error.Position);
    }

    [Fact]
    public void Ten_thousand_nested_parentheses_are_too_deep_without_overflowing_the_stack()
    {
        var filter = new string('(', 10_000) + "price > 1" + new string(')', 10_000);
        var error = FilterError(filter);
        Assert.Equal(ScanErrorKind.TooDeep, error.Kind);
        Assert.Equal("parentheses nest deeper than 32 levels at 33", error.Message);
        Assert.Equal(33, error.Position);
    }

    [Fact]
    public void Thirty_two_levels_of_parentheses_and_calls_are_allowed()
    {
        var filter = new string('(', 31) + "abs(price) > 1" + new string(')', 31);
        Assert.Equal("abs(price) > 1", ScanLanguage.Compile(new ScanDefinition(filter, "price")).Definition.Filter);
    }

    [Fact]
    public void Long_chains_of_prefix_operators_are_loops_not_recursion()
    {
        var filter = string.Concat(Enumerable.Repeat("not ", 490)) + "price > 1";
        var scan = ScanLanguage.Compile(new ScanDefinition(filter, string.Concat(Enumerable.Repeat("-", 1_000)) + "price"));
        Assert.StartsWith("not not ", scan.Definition.Filter, StringComparison.Ordinal);
    }

    [Fact]
    public void Parentheses_inside_quoted_text_do_not_count_toward_the_depth()
    {
        var filter = "sector == \"" + new string('(', 100) + "\"";
        Assert.Equal(1, ScanLanguage.Compile(new ScanDefinition(filter, "price")).Conditions);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(10_000)]
    public void A_limit_outside_1_to_200_is_an_error(int limit)
    {
        var error = Assert.Throws<ScanSyntaxException>(() => ScanLanguage.Compile(new ScanDefinition("price > 1", "price", Limit: limit)));
        Assert.Equal(ScanErrorKind.Limit, error.Kind);
        Assert.Equal(ScanPart.Limit, error.Part);
        Assert.Equal($"the limit must be 1 to 200 rows (was {limit})", error.Message);
        Assert.Null(error.Position);
    }

    [Fact]
    public void TryCompile_returns_the_error_instead_of_throwing()
    {
        Assert.False(ScanLanguage.TryCompile(new ScanDefinition("rvoll > 2", "price"), out var scan, out var error));
        Assert.Null(scan);
        Assert.Equal(ScanErrorKind.UnknownField, error!.Kind);
        Assert.True(ScanLanguage.TryCompile(new ScanDefinition("rvol > 2", "price"), out scan, out error));
        Assert.NotNull(scan);
        Assert.Null(error);
    }

    [Fact]
    public void A_long_unknown_name_is_quoted_only_by_a_short_prefix()
    {
        var name = new string('q', 500);
        var error = FilterError(name + " > 1");
        Assert.Equal($"unknown field '{new string('q', 24)}…' at 1", error.Message);
    }
}
