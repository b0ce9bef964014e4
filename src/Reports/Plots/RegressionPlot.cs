using MetaAnalysis.Contracts.V1;
using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// Effects against a moderator with a fitted curve and its band: the bubble plot of a meta-regression and
/// the dose-response curve, with bubbles sized by precision and a confidence (or credible) band.
/// </summary>
public static class RegressionPlot
{
    /// <summary>Draws the effects <paramref name="yi"/> at <paramref name="x"/> (sized by <paramref name="weights"/>) under <paramref name="band"/>.</summary>
    /// <param name="name">The figure's file name.</param>
    /// <param name="title">Its title.</param>
    /// <param name="xLabel">The moderator or dose.</param>
    /// <param name="effect">The effect size's name.</param>
    /// <param name="x">Each effect's moderator value or dose.</param>
    /// <param name="yi">The effects.</param>
    /// <param name="weights">Marker sizes (precision 1/vi).</param>
    /// <param name="band">The fitted curve with its 95% band.</param>
    /// <param name="bayesian">The band is a posterior mean with its credible band.</param>
    public static Figure Create(string name, string title, string xLabel, string effect, IReadOnlyList<double> x, IReadOnlyList<double> yi, IReadOnlyList<double> weights, CurveBand band, bool bayesian)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(band);
        var color = bayesian ? PlotStyle.Posterior : PlotStyle.Observed;
        var plot = PlotStyle.NewPlot(title, xLabel, effect);
        var grid = band.X.ToArray();
        var fill = plot.Add.FillY(grid, band.Upper.ToArray(), band.Lower.ToArray());
        fill.FillColor = color.WithAlpha(0.2);
        fill.LineWidth = 0;
        var line = plot.Add.ScatterLine(grid, band.Estimate.ToArray(), color);
        line.LineWidth = 2;
        line.LegendText = bayesian ? "posterior mean (95% CrI)" : "fitted (95% CI)";
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
