using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// Cook's distance of every effect (metafor's <c>plot(influence(...))</c> panel): how far the fitted values move
/// when the effect is left out; effects metafor flags as influential are drawn in red.
/// </summary>
public static class CooksDistancePlot
{
    /// <summary>Draws one stem per effect, in data order.</summary>
    public static Figure Create(string name, string title, IReadOnlyList<(string Label, double Distance, bool Influential)> effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        var plot = PlotStyle.NewPlot(title, string.Empty, "Cook's distance");
        for (var i = 0; i < effects.Count; i++)
        {
            var color = effects[i].Influential ? PlotStyle.Posterior : PlotStyle.Observed;
            var stem = plot.Add.Line(i + 1, 0, i + 1, effects[i].Distance);
            stem.LineColor = color;
            stem.LineWidth = 1.5f;
            plot.Add.Marker(i + 1, effects[i].Distance, MarkerShape.FilledCircle, 7, color);
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(Enumerable.Range(1, effects.Count).Select(i => (double)i).ToArray(), effects.Select(e => e.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 40 + (7 * effects.Select(e => e.Label.Length).DefaultIfEmpty(4).Max());
        plot.Axes.SetLimits(0.3, effects.Count + 0.7, 0, effects.Select(e => e.Distance).DefaultIfEmpty(1).Max() * 1.15);
        if (effects.Any(e => e.Influential))
        {
            PlotStyle.LegendEntry(plot, "influential (metafor's rule)", MarkerShape.FilledCircle, PlotStyle.Posterior);
            plot.ShowLegend(Edge.Right);
        }

        return new Figure(name, title, plot, 900, 480);
    }
}
