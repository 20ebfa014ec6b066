using Tradeul.Benchmarks;

return args.FirstOrDefault() switch
{
    "scan" => ScanBenchmark.Run(CommandLine.Parse(args.Skip(1))),
    "scans" => ScansBenchmark.Run(CommandLine.Parse(args.Skip(1))),
    "freshness" => await Tradeul.Benchmarks.Freshness.FreshnessBenchmark.RunAsync(CommandLine.Parse(args.Skip(1))),
    "day-record" => DayRecordBenchmark.Run(CommandLine.Parse(args.Skip(1))),
    "soak" => await Tradeul.Benchmarks.Soak.SoakBenchmark.RunAsync(CommandLine.Parse(args.Skip(1))),
    "db-week" => await Tradeul.Benchmarks.DbWeek.DbWeekBenchmark.RunAsync(CommandLine.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project Tradeul.Benchmarks -- <scenario> [options]
          scan --tickers N [--cycles N] [--warmup N]   decode + compute + encode of a whole-market snapshot, no network
          scans --tickers N --scans N [--cycles 60] [--warmup-minutes 65] [--seed 42] [--share true]  N user scans evaluated per cycle over the engine's columns
          freshness --tickers N --clients N [--snapshots 24] [--warmup 12]  Ingest -> Scanner -> N SSE clients on local Redis: age of each delta when parsed
          day-record --tickers N [--encodes 50]  encoding Ingest's record of the day, as written every PersistInterval
          soak --tickers N --hours N [--cycle-seconds 5]  a simulated day, managed vs unmanaged, on local Redis and PostgreSQL
          db-week [--tickers 12000] [--days 21] [--modes postgresql,timescaledb]  the cold path over simulated weeks: database size per day, per storage mode
        """);
    return 2;
}
