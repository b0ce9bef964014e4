using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Reports.Plots;

/// <summary>The trace of one parameter in every NUTS chain after warm-up: well-mixed chains overlap as one band.</summary>
public static class TracePlot
{
    /// <summary>Draws <paramref name="chains"/> (one thinned trace per chain) against the iteration each kept draw came from.</summary>
    public static Figure Create(string name, string title, string parameter, IReadOnlyList<ChainTrace> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var plot = PlotStyle.NewPlot(title, "iteration (after warm-up)", parameter);
        foreach (var chain in chains)
        {
            var thin = Math.Max(1, chain.Thin);
            var x = Enumerable.Range(0, chain.Draws.Count).Select(i => 1.0 + (i * thin)).ToArray();
            var line = plot.Add.ScatterLine(x, chain.Draws.ToArray(), PlotStyle.SeriesColor(chain.Chain).WithAlpha(0.7));
            line.LineWidth = 1;
            line.LegendText = $"chain {chain.Chain + 1}";
        }

        plot.ShowLegend(ScottPlot.Edge.Right);
        return new Figure(name, title, plot, 900, 320);
    }
}
