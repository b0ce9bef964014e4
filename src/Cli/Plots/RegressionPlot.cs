using ScottPlot;

namespace MetaAnalysis.Cli.Plots;

/// <summary>
/// Effects against a moderator with a fitted curve and its band: the bubble plot of a meta-regression
/// (bubbles sized by weight, confidence band) and the dose-response curve (credible band).
/// </summary>
public static class RegressionPlot
{
    /// <summary>The bubble plot of a meta-regression on <paramref name="moderator"/>.</summary>
    public static Figure Bubble(string name, string title, string moderator, string effect, IReadOnlyList<double> x, IReadOnlyList<double> yi, IReadOnlyList<double> weights, CurveBand fit) =>
        Draw(name, title, moderator, effect, x, yi, weights, fit, PlotStyle.Observed, "fitted (95% CI)");

    /// <summary>The dose-response curve over <paramref name="dose"/> with its 95% credible (or confidence) band.</summary>
    public static Figure DoseResponse(string name, string title, string dose, string effect, IReadOnlyList<double> doses, IReadOnlyList<double> yi, IReadOnlyList<double> weights, CurveBand curve, bool bayesian) =>
        Draw(name, title, dose, effect, doses, yi, weights, curve, bayesian ? PlotStyle.Posterior : PlotStyle.Observed, bayesian ? "posterior mean (95% CrI)" : "fitted (95% CI)");

    private static Figure Draw(string name, string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<double> yi, IReadOnlyList<double> weights, CurveBand band, Color color, string curveLabel)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(band);
        var plot = PlotStyle.NewPlot(title, xLabel, yLabel);
        var fill = plot.Add.FillY(band.X, band.Upper, band.Lower);
        fill.FillColor = color.WithAlpha(0.2);
        fill.LineWidth = 0;
        var line = plot.Add.ScatterLine(band.X, band.Estimate, color);
        line.LineWidth = 2;
        line.LegendText = curveLabel;
        var sizes = PlotStyle.MarkerSizes(weights);
        for (var i = 0; i < x.Count; i++)
        {
            var marker = plot.Add.Marker(x[i], yi[i], MarkerShape.OpenCircle, 2 * sizes[i], PlotStyle.Observed);
            marker.MarkerLineWidth = 1.5f;
        }

        PlotStyle.LegendEntry(plot, "effects (size: precision 1/vi)", MarkerShape.OpenCircle, PlotStyle.Observed);
        plot.Add.HorizontalLine(0, 1, PlotStyle.Reference, LinePattern.Dashed);
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure(name, title, plot, 800, 560);
    }
}
