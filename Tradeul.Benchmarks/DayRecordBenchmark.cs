using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.DayRecord;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;

namespace Tradeul.Benchmarks;

/// <summary>
/// Encoding Ingest's record of the day (what it writes to <c>ingest:day_record:{date}</c> every
/// PersistInterval, 30 s by default): a record filled from a simulated morning of N tickers, encoded
/// --encodes times. The first encode runs the code as the service mostly does (called once per
/// 30 s, it stays unoptimized by the tiered JIT for a long while); the p50 is warm. Prints one
/// JSON object: <c>{"scenario":"day-record","tickers","encodes","encode_ms_first","encode_ms_p50","bytes"}</c>.
/// </summary>
internal static class DayRecordBenchmark
{
    public static int Run(CommandLine options)
    {
        var tickers = options.Int("tickers", 12_000);
        var encodes = options.Int("encodes", 50);
        var start = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(9, 45));
        var time = new FakeTimeProvider(start);
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = tickers, StartTime = start, SpeedFactor = 1 }), time);
        var record = new TradingDayRecord(TradingDay.Of(start));
        Console.Error.WriteLine($"day-record: filling a record of {tickers} tickers from 12 snapshots...");
        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            var snapshot = market.FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
            record.Apply(snapshot.Quotes, snapshot.AsOf, TimeSpan.FromMinutes(2));
        }

        var milliseconds = new double[encodes];
        var bytes = 0;
        for (var i = 0; i < encodes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = DayRecordCodec.Encode(record).Length;
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var first = milliseconds[0];
        Array.Sort(milliseconds);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "day-record",
            ["tickers"] = tickers,
            ["encodes"] = encodes,
            ["encode_ms_first"] = Math.Round(first, 1),
            ["encode_ms_p50"] = Math.Round(milliseconds[encodes / 2], 1),
            ["bytes"] = bytes,
        }));
        return 0;
    }
}
