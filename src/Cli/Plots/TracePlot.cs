namespace MetaAnalysis.Cli.Plots;

/// <summary>The trace of one parameter in every NUTS chain after warm-up: well-mixed chains overlap as one band.</summary>
public static class TracePlot
{
    /// <summary>Draws <paramref name="chains"/> (one array of draws per chain).</summary>
    public static Figure Create(string name, string title, string parameter, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var plot = PlotStyle.NewPlot(title, "iteration (after warm-up)", parameter);
        for (var c = 0; c < chains.Count; c++)
        {
            var x = Enumerable.Range(1, chains[c].Length).Select(i => (double)i).ToArray();
            var line = plot.Add.ScatterLine(x, chains[c], PlotStyle.SeriesColor(c).WithAlpha(0.7));
            line.LineWidth = 1;
            line.LegendText = $"chain {c + 1}";
        }

        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return new Figure(name, title, plot, 800, 320);
    }
}
