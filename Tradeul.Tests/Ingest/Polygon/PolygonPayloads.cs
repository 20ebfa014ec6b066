using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tradeul.Tests.Ingest.Polygon;

/// <summary>Snapshot bodies in the shape Polygon documents for the full-market snapshot.</summary>
internal static class PolygonPayloads
{
    /// <summary>
    /// AAPL: regular session with lastTrade and lastQuote (and the unmapped fields Polygon sends).
    /// PREM: pre-market, all-zero day bar, only the minute bar moves.
    /// FRAC: fractional volumes, integer prices, lastTrade.p and min.c zero.
    /// </summary>
    public const string ThreeTickers = """
        {"status":"OK","count":3,"request_id":"6a7e466379af0a71039d60cc78e72282","tickers":[
          {"ticker":"AAPL","todaysChange":1.25,"todaysChangePerc":0.66,"updated":1605192894630916600,
           "day":{"o":190.5,"h":192.0,"l":189.5,"c":191.2,"v":51234567,"vw":190.9876},
           "min":{"av":51300000,"t":1605192840000,"n":120,"o":191.1,"h":192.5,"l":190.1,"c":191.22,"v":15000,"vw":191.15},
           "prevDay":{"o":188.0,"h":190.2,"l":187.5,"c":189.95,"v":60000000,"vw":189.1},
           "lastTrade":{"c":[14,41],"i":"71675577320245","p":191.25,"s":100,"t":1605192894630916600,"x":4},
           "lastQuote":{"P":191.26,"S":3,"p":191.24,"s":2,"t":1605192894630916600}},
          {"ticker":"PREM","todaysChange":0.4,"todaysChangePerc":8.0,"updated":1605170000123456789,
           "day":{"o":0,"h":0,"l":0,"c":0,"v":0,"vw":0},
           "min":{"av":120000,"t":1605169980000,"n":35,"o":5.3,"h":5.6,"l":5.05,"c":5.4,"v":8000,"vw":5.35},
           "prevDay":{"o":4.9,"h":5.1,"l":4.8,"c":5.0,"v":900000,"vw":4.95}},
          {"ticker":"FRAC","todaysChange":0.65,"todaysChangePerc":5.37,"updated":1605192000000000000,
           "day":{"o":12,"h":13,"l":11.5,"c":12.75,"v":1234567.6,"vw":12.4},
           "min":{"av":2345678.4,"t":1605191940000,"n":2,"o":12.7,"h":12.8,"l":0,"c":0,"v":10.5,"vw":12.75},
           "prevDay":{"o":11,"h":12.2,"l":10.9,"c":12.1,"v":3000000.25,"vw":11.6},
           "lastTrade":{"p":0,"s":0,"t":0}}
        ]}
        """;

    /// <summary>Three rows that map (one of them semantically bad) among nine malformed ones.</summary>
    public const int MalformedRowCount = 9;

    public const string GoodAndMalformedRows = """
        {"status":"OK","tickers":[
          {"ticker":"GOOD1","day":{"o":1,"h":2,"l":0.5,"c":1.5,"v":100,"vw":1.2},"prevDay":{"c":1.4},"lastTrade":{"p":1.55}},
          5,
          "AAPL",
          null,
          [1,2],
          {"ticker":5,"day":{"c":1}},
          {"ticker":"BADDAY","day":"x"},
          {"ticker":"BADQUOTE","day":{"c":2},"lastQuote":{"p":"1.0","P":1.1}},
          {"ticker":"BADMIN","min":[1,2,3],"day":{"c":3}},
          {"ticker":"BADTIME","updated":"2024-01-02T14:30:00Z"},
          {"day":{"c":0,"v":-5},"prevDay":{"c":0}},
          {"ticker":"GOOD2","lastTrade":null,"lastQuote":null,"min":{"c":3.3,"av":10},"extra":{"nested":[{"a":[1,{"b":null}]}]}}
        ]}
        """;

    /// <summary>
    /// Streams <paramref name="count"/> generated tickers, plus a malformed row after every
    /// <paramref name="malformedEvery"/>-th one when set; <paramref name="bytesWritten"/> gets the body size.
    /// </summary>
    public static RequestDelegate Generated(int count, Action<long> bytesWritten, int? malformedEvery = null) => async context =>
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", "OK");
        writer.WriteNumber("count", count);
        writer.WriteStartArray("tickers");
        for (var i = 0; i < count; i++)
        {
            WriteGeneratedTicker(writer, i);
            if (malformedEvery is { } every && i % every == every - 1)
            {
                WriteMalformedTicker(writer, i);
            }
            if (i % 200 == 199)
            {
                // Flushing mid-array sends the body in chunks, as a real multi-megabyte answer arrives.
                await writer.FlushAsync();
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
        bytesWritten(writer.BytesCommitted);
    };

    public static string GeneratedSymbol(int i) => $"T{i:D5}";

    public static double GeneratedPrice(int i) => 1 + i / 100.0;

    private static void WriteGeneratedTicker(Utf8JsonWriter writer, int i)
    {
        var price = GeneratedPrice(i);
        writer.WriteStartObject();
        writer.WriteString("ticker", GeneratedSymbol(i));
        writer.WriteNumber("todaysChange", 0.01 * i);
        writer.WriteNumber("todaysChangePerc", 0.5);
        writer.WriteNumber("updated", 1_700_000_000_000_000_000L + i * 1_000_000L);
        WriteBar(writer, "day", price, volume: i * 10);
        writer.WriteStartObject("min");
        writer.WriteNumber("av", i * 10 + 5);
        writer.WriteNumber("t", 1_700_000_000_000L);
        writer.WriteNumber("n", 3);
        writer.WriteNumber("o", price);
        writer.WriteNumber("h", price + 0.02);
        writer.WriteNumber("l", price - 0.02);
        writer.WriteNumber("c", price);
        writer.WriteNumber("v", 5);
        writer.WriteNumber("vw", price);
        writer.WriteEndObject();
        WriteBar(writer, "prevDay", price - 0.1, volume: 1_000_000);
        writer.WriteStartObject("lastTrade");
        writer.WriteStartArray("c");
        writer.WriteNumberValue(14);
        writer.WriteEndArray();
        writer.WriteString("i", $"{i}");
        writer.WriteNumber("p", price);
        writer.WriteNumber("s", 100);
        writer.WriteNumber("t", 1_700_000_000_000_000_000L);
        writer.WriteNumber("x", 4);
        writer.WriteEndObject();
        writer.WriteStartObject("lastQuote");
        writer.WriteNumber("P", price + 0.01);
        writer.WriteNumber("S", 2);
        writer.WriteNumber("p", price - 0.01);
        writer.WriteNumber("s", 3);
        writer.WriteNumber("t", 1_700_000_000_000_000_000L);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Alternates a bare number with a full-size row whose lastQuote ask is a string.</summary>
    private static void WriteMalformedTicker(Utf8JsonWriter writer, int i)
    {
        if (i % 2 == 0)
        {
            writer.WriteNumberValue(i);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("ticker", $"BAD{i}");
        WriteBar(writer, "day", 1, volume: 1);
        WriteBar(writer, "prevDay", 1, volume: 1);
        writer.WriteStartObject("lastQuote");
        writer.WriteNumber("p", 1);
        writer.WriteString("P", "1.01");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteBar(Utf8JsonWriter writer, string name, double price, long volume)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("o", price - 0.05);
        writer.WriteNumber("h", price + 0.05);
        writer.WriteNumber("l", price - 0.1);
        writer.WriteNumber("c", price);
        writer.WriteNumber("v", volume);
        writer.WriteNumber("vw", price - 0.01);
        writer.WriteEndObject();
    }
}
