using ScottPlot;

namespace Tradeul.Benchmarks.Soak;

/// <summary>
/// The soak's Redis memory chart, drawn with ScottPlot: on top both platforms over the simulated
/// day; below, the managed platform alone against the soak's memory goal (150 MB, the goal the soak benchmark has always drawn).
/// </summary>
internal static class SoakChart
{
    /// <param name="managed">(simulated hour from 04:00 ET, used_memory MB) of the managed platform.</param>
    /// <param name="unmanaged">The same for the unmanaged pipeline.</param>
    /// <param name="goalMb">The managed platform's memory goal in MB.</param>
    public static void Write(string path, IReadOnlyList<(double Hour, double Mb)> managed, IReadOnlyList<(double Hour, double Mb)> unmanaged, double goalMb)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var both = multiplot.GetPlot(0);
        both.Title("Redis used_memory (MB) over simulated hours from 04:00 ET");
        Line(both, managed, "managed", Colors.Blue);
        Line(both, unmanaged, "unmanaged", Colors.Red);
        both.XLabel("simulated hours from 04:00 ET");
        both.YLabel("MB");
        both.ShowLegend(Alignment.UpperLeft);

        var alone = multiplot.GetPlot(1);
        alone.Title($"managed alone, against the {goalMb:F0} MB goal");
        Line(alone, managed, "managed", Colors.Blue);
        var goal = alone.Add.HorizontalLine(goalMb, 2, Colors.Black, LinePattern.Dashed);
        goal.LegendText = $"goal {goalMb:F0} MB";
        alone.Axes.SetLimitsY(0, goalMb * 1.1);
        alone.XLabel("simulated hours from 04:00 ET");
        alone.YLabel("MB");
        alone.ShowLegend(Alignment.MiddleRight);
        multiplot.SavePng(path, 1200, 900);
    }

    private static void Line(Plot plot, IReadOnlyList<(double Hour, double Mb)> points, string label, Color color)
    {
        var line = plot.Add.ScatterLine(points.Select(p => p.Hour).ToArray(), points.Select(p => p.Mb).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2;
    }
}
