using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Providers;
using Tradeul.Ingest.Providers.Polygon;
using Tradeul.Ingest.Validation;
using Tradeul.Shared.Market;
using Tradeul.Tests.Ingest.Polygon;

namespace Tradeul.Tests.BadInput;

/// <summary>
/// Seeded fuzzing of the Polygon snapshot mapper through a real HTTP exchange: whatever the
/// body holds, only the provider's documented exceptions leave FetchAsync, a row that cannot
/// be mapped costs exactly that row (counted as malformed_row), and the validator then
/// accounts for every remaining row by reason.
/// </summary>
public sealed class PolygonFuzzTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 14, 30, 0, TimeSpan.Zero);
    private const string Malformed = PolygonSnapshotProvider.MalformedRowReason;

    private static readonly string[] Bars = ["day", "min", "prevDay"];
    private static readonly string[] BarFields = ["o", "h", "l", "c", "v", "vw", "av"];
    private static readonly string[] ObjectPaths = ["day", "min", "prevDay", "lastTrade", "lastQuote"];

    /// <summary>Every number Polygon's mapper reads, by path.</summary>
    private static readonly string[] NumberPaths =
        [.. Bars.SelectMany(bar => BarFields.Select(field => $"{bar}.{field}")), "lastTrade.p", "lastQuote.p", "lastQuote.P", "updated"];

    /// <summary>Well-formed JSON of the wrong type for a number; raw tokens start with '~'.</summary>
    private static readonly string[] NotNumbers = ["\"1\"", "true", "false", "[]", "[1]", "{}", "{\"a\":1}", "\"NaN\"", "\"Infinity\"", "~1e400", "~-1e400"];
    private static readonly string[] NotStrings = ["5", "true", "[]", "{}", "[\"AAPL\"]", "~1e400"];
    private static readonly string[] NotObjects = ["5", "\"x\"", "true", "[]", "[{}]", "~-1e400"];

    private PolygonTestServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await PolygonTestServer.StartAsync();
        // The fake clock never moves, so the provider's own timeout cannot cut a large body short.
        _services = PolygonTestProviders.Build(_server.BaseUrl, new FakeTimeProvider(Now));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_type_in_any_mapped_field_costs_that_row_alone_and_the_rows_around_it_map()
    {
        var random = new Random(20261124);
        var body = new Body();
        var good = new List<(string Symbol, double Price)>();
        var bad = 0;
        void AddGood()
        {
            for (var n = random.Next(0, 3); n > 0; n--)
            {
                var symbol = $"G{good.Count:D4}";
                var price = Math.Round(1 + random.NextDouble() * 500, 2);
                body.Add(GoodRow(symbol, price));
                good.Add((symbol, price));
            }
        }
        foreach (var (path, wrong) in NumberPaths.SelectMany(p => NotNumbers.Select(v => (p, v)))
            .Concat(NotStrings.Select(v => ("ticker", v)))
            .Concat(ObjectPaths.SelectMany(p => NotObjects.Select(v => (p, v)))))
        {
            AddGood();
            var row = GoodRow($"BAD{bad++}", 10);
            Set(row, path, body.Value(wrong));
            body.Add(row);
        }
        AddGood();

        var snapshot = await FetchSnapshotAsync(body.ToBytes());

        Assert.Equal(new Dictionary<string, int> { [Malformed] = bad }, snapshot.Dropped);
        Assert.Equal(good.Select(g => g.Symbol), snapshot.Quotes.Select(q => q.Symbol));
        Assert.Equal(good.Select(g => g.Price), snapshot.Quotes.Select(q => q.Price));
        var validated = ValidationResult.Of(snapshot.Quotes, MarketSession.MarketOpen, snapshot.Dropped);
        Assert.Equal(good.Select(g => g.Symbol), validated.Accepted.Select(q => q.Symbol));
        Assert.Equal(new Dictionary<string, int> { [Malformed] = bad }, validated.Dropped);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("0x10")]
    [InlineData("'1'")]
    [InlineData("undefined")]
    public async Task A_token_that_is_not_json_anywhere_in_a_row_makes_the_body_unreadable_not_a_crash(string token)
    {
        var random = new Random(token.Length * 7_919 + token[0]);
        foreach (var path in NumberPaths.OrderBy(_ => random.Next()).Take(4).Append("todaysChange"))
        {
            var body = new Body();
            body.Add(GoodRow("BEFORE", 1));
            var row = GoodRow("BROKEN", 2);
            Set(row, path, body.Value("~" + token));
            body.Add(row);
            body.Add(GoodRow("AFTER", 3));

            var error = await FetchFailureAsync(body.ToBytes());

            var response = Assert.IsType<PolygonResponseException>(error);
            Assert.IsAssignableFrom<JsonException>(response.InnerException);
        }
    }

    [Fact]
    public async Task Huge_numbers_and_semantically_bad_rows_are_each_counted_once_under_their_reason_and_good_rows_pass()
    {
        var random = new Random(4242);
        var body = new Body();
        var rows = new List<(RowKind Kind, string Symbol)>();
        var goodSymbols = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            var kind = (RowKind)random.Next(Enum.GetValues<RowKind>().Length);
            if (kind == RowKind.Duplicate && goodSymbols.Count == 0)
            {
                kind = RowKind.Good;
            }
            var (row, symbol) = Build(kind, i, random, body, goodSymbols);
            body.Add(row);
            rows.Add((kind, symbol));
            if (kind is RowKind.Good or RowKind.HugeUnmappedNumbers or RowKind.HugeVolume)
            {
                goodSymbols.Add(symbol);
            }
        }

        var snapshot = await FetchSnapshotAsync(body.ToBytes());

        var malformed = rows.Count(r => r.Kind == RowKind.Malformed);
        Assert.Equal(new Dictionary<string, int> { [Malformed] = malformed }, snapshot.Dropped);
        var mapped = rows.Where(r => r.Kind != RowKind.Malformed).ToList();
        Assert.Equal(mapped.Select(r => r.Symbol), snapshot.Quotes.Select(q => q.Symbol));
        for (var i = 0; i < mapped.Count; i++)
        {
            if (mapped[i].Kind == RowKind.HugeVolume)
            {
                // Huge but finite volumes saturate instead of wrapping into plausible numbers.
                Assert.Equal(long.MaxValue, snapshot.Quotes[i].TodayVolume);
            }
        }

        foreach (var session in new[] { MarketSession.MarketOpen, MarketSession.PreMarket })
        {
            var validated = ValidationResult.Of(snapshot.Quotes, session, snapshot.Dropped);
            var expectedDrops = new Dictionary<string, int>(StringComparer.Ordinal);
            var expectedAccepted = new List<string>();
            foreach (var (kind, symbol) in rows)
            {
                if (ExpectedReason(kind, session) is { } reason)
                {
                    expectedDrops[reason] = expectedDrops.GetValueOrDefault(reason) + 1;
                }
                else
                {
                    expectedAccepted.Add(symbol);
                }
            }
            Assert.Equal(expectedAccepted, validated.Accepted.Select(q => q.Symbol));
            Assert.Equal(expectedDrops.OrderBy(d => d.Key), validated.Dropped.OrderBy(d => d.Key));
            Assert.Equal(rows.Count, validated.Accepted.Length + validated.Dropped.Values.Sum());
        }
    }

    [Fact]
    public async Task A_body_cut_off_at_any_point_is_an_unreadable_response_never_a_partial_snapshot()
    {
        var random = new Random(99);
        var body = new Body();
        for (var i = 0; i < 40; i++)
        {
            var kind = (RowKind)random.Next(Enum.GetValues<RowKind>().Length);
            body.Add(Build(kind == RowKind.Duplicate ? RowKind.Good : kind, i, random, body, []).Row);
        }
        var whole = body.ToBytes();
        var complete = await FetchSnapshotAsync(whole);
        Assert.Equal(40, complete.Quotes.Count + complete.Dropped.GetValueOrDefault(Malformed));

        // Both ends, and random points in between (inside names, numbers, strings, between rows).
        var cuts = new[] { 0, 1, 2, whole.Length - 1, whole.Length - 2 }
            .Concat(Enumerable.Range(0, 60).Select(_ => random.Next(3, whole.Length - 2)));
        foreach (var cut in cuts)
        {
            var error = await FetchFailureAsync(whole[..cut]);

            Assert.True(error is PolygonResponseException, $"cut at {cut} of {whole.Length}: {error}");
        }
    }

    [Fact]
    public async Task Empty_arrays_mean_an_empty_market_or_a_malformed_row_never_a_failure()
    {
        var empty = await FetchSnapshotAsync("""{"status":"OK","tickers":[]}"""u8.ToArray());
        Assert.Empty(empty.Quotes);
        Assert.Empty(empty.Dropped);

        var body = """
            {"status":"OK","tickers":[
              [],
              {"ticker":"DAYARR","day":[],"lastTrade":{"p":1}},
              {"ticker":"MINARR","min":[],"lastTrade":{"p":1}},
              {"ticker":"OK1","day":{"o":1,"h":1,"l":1,"c":1,"v":1},"lastTrade":{"c":[],"p":1},"conditions":[],"extra":[[],[[]]]},
              {},
              {"ticker":"QUOTEARR","lastQuote":[],"lastTrade":{"p":1}},
              {"ticker":"OK2","day":{"o":2,"h":2,"l":2,"c":2,"v":2},"min":{},"prevDay":{},"lastTrade":{},"lastQuote":{}}
            ]}
            """u8.ToArray();
        var snapshot = await FetchSnapshotAsync(body);

        Assert.Equal(new Dictionary<string, int> { [Malformed] = 4 }, snapshot.Dropped);
        Assert.Equal(["OK1", "", "OK2"], snapshot.Quotes.Select(q => q.Symbol));
        var validated = ValidationResult.Of(snapshot.Quotes, MarketSession.MarketOpen, snapshot.Dropped);
        Assert.Equal(["OK1", "OK2"], validated.Accepted.Select(q => q.Symbol));
        Assert.Equal(new Dictionary<string, int> { [Malformed] = 4, [DropReasons.MissingSymbol] = 1 }, validated.Dropped);
    }

    [Fact]
    public async Task A_ten_megabyte_body_of_valid_rows_maps_every_row()
    {
        const int count = 24_000;
        long bytes = 0;
        _server.Respond = PolygonPayloads.Generated(count, written => bytes = written);

        var snapshot = await WithinAsync(_services.Provider().FetchAsync(CancellationToken.None));

        Assert.True(bytes >= 10 * 1024 * 1024, $"body was only {bytes} bytes");
        Assert.Empty(snapshot.Dropped);
        Assert.Equal(count, snapshot.Quotes.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(PolygonPayloads.GeneratedSymbol), snapshot.Quotes.Select(q => q.Symbol));
        var validated = ValidationResult.Of(snapshot.Quotes, MarketSession.MarketOpen, snapshot.Dropped);
        // Row 0 of the generator has a zero volume day bar with prices: not empty, so every row passes.
        Assert.Equal(count, validated.Accepted.Length);
        Assert.Empty(validated.Dropped);
    }

    [Fact]
    public async Task Ten_megabytes_of_random_bytes_are_an_unreadable_response()
    {
        var body = new byte[10 * 1024 * 1024];
        new Random(10).NextBytes(body);

        var error = await FetchFailureAsync(body);

        Assert.IsType<PolygonResponseException>(error);
    }

    [Fact]
    public async Task Random_bytes_of_random_lengths_never_escape_as_anything_but_a_documented_exception()
    {
        var random = new Random(31337);
        var jsonAlphabet = Encoding.ASCII.GetBytes("{}[]\":,0123456789.-+eEtruefalsnul \n\\\"tickers\"\"status\"\"OK\"");
        var prefix = Encoding.UTF8.GetBytes("""{"status":"OK","tickers":[{"ticker":"PRE","lastTrade":{"p":1}},""");
        var snapshots = 0;
        for (var i = 0; i < 120; i++)
        {
            var length = random.Next(0, 8_192);
            var noise = new byte[length];
            switch (i % 3)
            {
                case 0:
                    random.NextBytes(noise);
                    break;
                case 1:
                    for (var k = 0; k < length; k++)
                    {
                        noise[k] = jsonAlphabet[random.Next(jsonAlphabet.Length)];
                    }
                    break;
                default:
                    random.NextBytes(noise);
                    noise = [.. prefix, .. noise];
                    break;
            }

            var (snapshot, error) = await FetchAsync(noise);

            if (i % 3 != 1)
            {
                // Random bytes, bare or after a valid start: a 200 answer that is not a snapshot.
                Assert.True(error is PolygonResponseException, $"case {i} ({length} bytes): {error?.ToString() ?? "a snapshot"}");
            }
            else if (snapshot is not null)
            {
                // Noise that happens to be a snapshot must still account for itself.
                snapshots++;
                Assert.All(snapshot.Dropped.Keys, key => Assert.Equal(Malformed, key));
                var validated = ValidationResult.Of(snapshot.Quotes, MarketSession.MarketOpen, snapshot.Dropped);
                Assert.Equal(snapshot.Quotes.Count + snapshot.Dropped.Values.Sum(), validated.Accepted.Length + validated.Dropped.Values.Sum());
            }
            else
            {
                Assert.IsType<PolygonResponseException>(error);
            }
        }
        Assert.True(snapshots < 40);
    }

    private enum RowKind
    {
        Good,
        HugeUnmappedNumbers,
        HugeVolume,
        Malformed,
        MissingSymbol,
        InvalidSymbol,
        InvalidPrice,
        HugePrice,
        NegativeVolume,
        EmptyDayBar,
        Duplicate,
    }

    private static string? ExpectedReason(RowKind kind, MarketSession session) => kind switch
    {
        RowKind.Good or RowKind.HugeUnmappedNumbers or RowKind.HugeVolume => null,
        RowKind.Malformed => Malformed,
        RowKind.MissingSymbol => DropReasons.MissingSymbol,
        RowKind.InvalidSymbol => DropReasons.InvalidSymbol,
        RowKind.InvalidPrice => DropReasons.InvalidPrice,
        RowKind.HugePrice => DropReasons.NonFiniteValue,
        RowKind.NegativeVolume => DropReasons.NegativeVolume,
        // Before the open an all-zero day bar is how Polygon reports a ticker: it passes.
        RowKind.EmptyDayBar => session == MarketSession.PreMarket ? null : DropReasons.EmptyDayBar,
        RowKind.Duplicate => DropReasons.DuplicateSymbol,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static (JsonObject Row, string Symbol) Build(RowKind kind, int i, Random random, Body body, List<string> goodSymbols)
    {
        var price = Math.Round(0.5 + random.NextDouble() * 900, 4);
        var symbol = kind switch
        {
            RowKind.HugeVolume => $"HV{i}",
            RowKind.Duplicate => goodSymbols[random.Next(goodSymbols.Count)],
            RowKind.InvalidSymbol => random.Next(2) == 0 ? new string('W', 33 + random.Next(10)) + i : $"É{i}",
            _ => $"S{i:D4}",
        };
        var row = GoodRow(symbol, price);
        switch (kind)
        {
            case RowKind.HugeUnmappedNumbers:
                // Fields the mapper skips may hold numbers no double can represent.
                row["todaysChange"] = body.Value("~1e400");
                row["todaysChangePerc"] = body.Value("~-99999999999999999999999e99999");
                Set(row, "lastTrade.t", body.Value("~99999999999999999999999"));
                Set(row, "min.n", body.Value("~1e400"));
                break;
            case RowKind.HugeVolume:
                Set(row, random.Next(2) == 0 ? "day.v" : "min.av", body.Value("~99999999999999999999999"));
                row["updated"] = body.Value("~99999999999999999999999");
                break;
            case RowKind.Malformed:
                if (random.Next(4) == 0)
                {
                    Set(row, ObjectPaths[random.Next(ObjectPaths.Length)], body.Value(NotObjects[random.Next(NotObjects.Length)]));
                }
                else
                {
                    Set(row, NumberPaths[random.Next(NumberPaths.Length)], body.Value(NotNumbers[random.Next(NotNumbers.Length)]));
                }
                break;
            case RowKind.MissingSymbol:
                // Absent and null both read as no symbol at all.
                switch (random.Next(4))
                {
                    case 0: row.Remove("ticker"); symbol = ""; break;
                    case 1: row["ticker"] = null; symbol = ""; break;
                    case 2: row["ticker"] = ""; symbol = ""; break;
                    default: row["ticker"] = "   "; symbol = "   "; break;
                }
                break;
            case RowKind.InvalidPrice:
                // The price is the last trade, else the minute close, else the day close.
                var bad = random.Next(2) == 0 ? 0 : -price;
                Set(row, "lastTrade.p", bad);
                Set(row, "min.c", 0);
                Set(row, "day.c", bad);
                break;
            case RowKind.HugePrice:
                Set(row, new[] { "lastTrade.p", "prevDay.c", "lastQuote.P", "day.vw" }[random.Next(4)], body.Value("~99999999999999999999999"));
                break;
            case RowKind.NegativeVolume:
                Set(row, random.Next(2) == 0 ? "day.v" : "min.av", body.Value(random.Next(2) == 0 ? "~-99999999999999999999999" : "-250"));
                break;
            case RowKind.EmptyDayBar:
                // No day bar yet and no minute bar: nothing but a last trade.
                row.Remove("min");
                if (random.Next(2) == 0)
                {
                    row.Remove("day");
                }
                else
                {
                    row["day"] = new JsonObject { ["o"] = 0, ["h"] = 0, ["l"] = 0, ["c"] = 0, ["v"] = 0, ["vw"] = 0 };
                }
                break;
        }
        return (row, symbol);
    }

    private static JsonObject GoodRow(string symbol, double price) => new()
    {
        ["ticker"] = symbol,
        ["todaysChange"] = 0.25,
        ["todaysChangePerc"] = 0.5,
        ["updated"] = 1_704_205_800_000_000_000L,
        ["day"] = Bar(price, 1_250_000),
        ["min"] = new JsonObject { ["av"] = 1_250_100, ["t"] = 1_704_205_740_000L, ["n"] = 12, ["o"] = price, ["h"] = price + 0.01, ["l"] = price - 0.01, ["c"] = price, ["v"] = 500, ["vw"] = price },
        ["prevDay"] = Bar(Math.Round(price * 0.97, 4), 2_000_000),
        ["lastTrade"] = new JsonObject { ["c"] = new JsonArray(14, 41), ["i"] = "1", ["p"] = price, ["s"] = 100, ["t"] = 1_704_205_800_000_000_000L, ["x"] = 4 },
        ["lastQuote"] = new JsonObject { ["P"] = price + 0.01, ["S"] = 2, ["p"] = price - 0.01, ["s"] = 3, ["t"] = 1_704_205_800_000_000_000L },
    };

    private static JsonObject Bar(double price, long volume) => new()
    {
        ["o"] = price - 0.05, ["h"] = price + 0.05, ["l"] = price - 0.1, ["c"] = price, ["v"] = volume, ["vw"] = price - 0.01,
    };

    private static void Set(JsonObject row, string path, JsonNode? value)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            row[path] = value;
            return;
        }
        var parent = row[path[..dot]] as JsonObject ?? throw new InvalidOperationException($"No object at {path[..dot]}.");
        parent[path[(dot + 1)..]] = value;
    }

    private async Task<ProviderSnapshot> FetchSnapshotAsync(byte[] body)
    {
        var (snapshot, error) = await FetchAsync(body);
        Assert.True(snapshot is not null, $"expected a snapshot, got {error}");
        return snapshot;
    }

    private async Task<Exception> FetchFailureAsync(byte[] body)
    {
        var (snapshot, error) = await FetchAsync(body);
        Assert.True(error is not null, $"expected a failure, got a snapshot of {snapshot?.Quotes.Count} rows");
        return error;
    }

    /// <summary>Serves <paramref name="body"/> as a 200 answer; any exception but the provider's documented ones fails the test.</summary>
    private async Task<(ProviderSnapshot? Snapshot, Exception? Error)> FetchAsync(byte[] body)
    {
        _server.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        };
        try
        {
            return (await WithinAsync(_services.Provider().FetchAsync(CancellationToken.None)), null);
        }
        catch (Exception ex) when (ex is PolygonResponseException or PolygonAccessDeniedException or TimeoutException or HttpRequestException)
        {
            return (null, ex);
        }
    }

    /// <summary>A safety net against a hang, reported as such rather than as a TimeoutException the test would accept.</summary>
    private static async Task<T> WithinAsync<T>(Task<T> work)
    {
        if (await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(60))) != work)
        {
            throw new Xunit.Sdk.XunitException("The fetch did not finish within 60 s.");
        }
        return await work;
    }

    /// <summary>A snapshot body under construction; values starting with '~' are written as raw tokens, even ones JSON forbids.</summary>
    private sealed class Body
    {
        private readonly List<string> _rows = [];
        private readonly Dictionary<string, string> _raw = new(StringComparer.Ordinal);

        public void Add(JsonObject row) => _rows.Add(row.ToJsonString());

        public JsonNode? Value(string text)
        {
            if (!text.StartsWith('~'))
            {
                return JsonNode.Parse(text);
            }
            var marker = $"@@raw{_raw.Count}@@";
            _raw[marker] = text[1..];
            return JsonValue.Create(marker);
        }

        public byte[] ToBytes()
        {
            var text = new StringBuilder("{\"status\":\"OK\",\"request_id\":\"fuzz\",\"count\":")
                .Append(_rows.Count).Append(",\"tickers\":[").AppendJoin(',', _rows).Append("]}").ToString();
            foreach (var (marker, token) in _raw)
            {
                text = text.Replace($"\"{marker}\"", token, StringComparison.Ordinal);
            }
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
