using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The GOSH plot (metafor's <c>plot(gosh(...))</c>): the pooled estimate against I² of the model fitted to
/// every subset of the effects, one translucent point per subset; separate clouds betray effects that pull
/// the estimate or the heterogeneity.
/// </summary>
public static class GoshPlot
{
    /// <summary>Draws the subsets' (estimate, I²) points.</summary>
    public static Figure Create(string name, string title, string effect, IReadOnlyList<double> estimates, IReadOnlyList<double> i2)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(i2);
        var plot = PlotStyle.NewPlot(title, $"pooled estimate ({effect})", "I² (%)");
        var points = plot.Add.Markers(estimates.ToArray(), i2.ToArray(), MarkerShape.FilledCircle, 3, PlotStyle.Observed.WithAlpha(0.15));
        points.LegendText = $"{estimates.Count} subsets";
        plot.Axes.SetLimitsY(0, 100);
        return new Figure(name, title, plot, 800, 560);
    }
}
