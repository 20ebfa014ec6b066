using ScottPlot;

namespace Tradeul.Benchmarks.Freshness;

/// <summary>Histogram of freshness (ms per delivered delta) with p50, p99 and the goals (p50 50 ms, p99 250 ms), drawn with ScottPlot.</summary>
internal static class FreshnessChart
{
    /// <param name="sorted">Freshness per delta in ms, ascending.</param>
    public static void Write(string path, double[] sorted, int tickers, int clients)
    {
        var plot = new Plot();
        plot.Title($"Freshness per delta: Ingest had the snapshot -> client parsed the event ({tickers:N0} tickers, {clients:N0} clients)");
        plot.XLabel("ms");
        plot.YLabel("deltas");
        if (sorted.Length > 0)
        {
            // About 60 bins over the range, never finer than 1 ms.
            var binSize = Math.Max(1, Math.Ceiling(sorted[^1] / 60));
            plot.Add.Histogram(ScottPlot.Statistics.Histogram.WithBinSize(binSize, sorted));
            Marker(plot, Percentiles.OfSorted(sorted, 0.50), "p50", Colors.Blue, LinePattern.Solid);
            Marker(plot, Percentiles.OfSorted(sorted, 0.99), "p99", Colors.Red, LinePattern.Solid);
        }
        Marker(plot, 50, "goal p50", Colors.Blue, LinePattern.Dashed);
        Marker(plot, 250, "goal p99", Colors.Red, LinePattern.Dashed);
        plot.Axes.AutoScale();
        plot.Axes.Margins(bottom: 0);
        // From 0 ms, and always wide enough to show the p99 goal.
        plot.Axes.SetLimitsX(0, Math.Max(sorted.Length == 0 ? 0 : sorted[^1], 250) * 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1200, 700);
    }

    private static void Marker(Plot plot, double milliseconds, string label, Color color, LinePattern pattern)
    {
        var line = plot.Add.VerticalLine(milliseconds, 2, color, pattern);
        line.LegendText = FormattableString.Invariant($"{label} ({milliseconds:F0} ms)");
    }
}
