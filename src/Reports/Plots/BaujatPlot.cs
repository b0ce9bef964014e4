using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The Baujat plot (metafor's <c>baujat()</c>): each effect's contribution to the heterogeneity against its
/// influence on the pooled estimate, labelled; effects in the upper right drive both.
/// </summary>
public static class BaujatPlot
{
    /// <summary>Draws one labelled point per effect.</summary>
    public static Figure Create(string name, string title, IReadOnlyList<(string Label, double Heterogeneity, double Influence)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = PlotStyle.NewPlot(title, "squared Pearson residual (contribution to heterogeneity)", "influence on the pooled estimate");
        plot.Add.Markers(points.Select(p => p.Heterogeneity).ToArray(), points.Select(p => p.Influence).ToArray(), MarkerShape.FilledCircle, 7, PlotStyle.Observed);
        foreach (var (label, x, y) in points)
        {
            var text = plot.Add.Text(label, x, y);
            text.LabelFontName = EmbeddedFonts.Sans;
            text.LabelFontSize = 11;
            text.LabelAlignment = Alignment.LowerLeft;
            text.OffsetX = 5;
            text.OffsetY = -3;
        }

        var maxX = points.Select(p => p.Heterogeneity).DefaultIfEmpty(1).Max();
        var maxY = points.Select(p => p.Influence).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(0, maxX * 1.25, 0, maxY * 1.15);
        return new Figure(name, title, plot, 800, 560);
    }
}
