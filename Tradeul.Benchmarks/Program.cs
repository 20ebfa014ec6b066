using Tradeul.Benchmarks;

return args.FirstOrDefault() switch
{
    "scan" => ScanBenchmark.Run(CommandLine.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project Tradeul.Benchmarks -- <scenario> [options]
          scan --tickers N [--cycles N] [--warmup N]   decode + compute + encode of a whole-market snapshot, no network
        """);
    return 2;
}
