using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The fitted weight functions of the selection models (metafor's <c>plot(selmodel)</c>): the relative
/// probability that a study is published, against its one-sided p-value. A flat line at 1 is no selection.
/// </summary>
public static class SelectionWeightsPlot
{
    /// <summary>One line per model, with its label.</summary>
    public static Figure Create(string name, string title, IReadOnlyList<(string Label, IReadOnlyList<double> P, IReadOnlyList<double> Weight)> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = PlotStyle.NewPlot(title, "one-sided p-value", "relative probability of publication");
        var top = 1.0;
        for (var i = 0; i < curves.Count; i++)
        {
            var (label, p, weight) = curves[i];
            var line = plot.Add.ScatterLine(p.ToArray(), weight.ToArray());
            line.Color = PlotStyle.SeriesColor(i);
            line.LineWidth = 2;
            line.LegendText = label;
            top = Math.Max(top, weight.Where(double.IsFinite).DefaultIfEmpty(1).Max());
        }

        var none = plot.Add.HorizontalLine(1);
        none.Color = PlotStyle.Reference;
        none.LinePattern = LinePattern.Dashed;
        none.LineWidth = 1;
        none.LegendText = "no selection";

        // A weight function unbounded near p = 0 (beta) would flatten every other line: cap the axis.
        plot.Axes.SetLimits(0, 1, 0, Math.Min(top, 5) * 1.08);
        plot.ShowLegend(Edge.Bottom);
        return new Figure(name, title, plot, 900, 520);
    }
}
