using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>A model's pooled estimate with its interval at each assumed pre/post correlation.</summary>
/// <param name="Model">The model.</param>
/// <param name="Correlations">The assumed correlations.</param>
/// <param name="Estimates">Pooled estimates.</param>
/// <param name="Lower">Lower ends of the 95% intervals.</param>
/// <param name="Upper">Upper ends.</param>
public sealed record SensitivitySeries(string Model, double[] Correlations, double[] Estimates, double[] Lower, double[] Upper);

/// <summary>The sensitivity plot: how each model's pooled estimate moves with an assumed correlation (pre/post, or of the sampling errors).</summary>
public static class SensitivityPlot
{
    /// <summary>Draws one line with its band per model, against the correlation named by <paramref name="axis"/>.</summary>
    public static Figure Create(string name, string title, string effect, IReadOnlyList<SensitivitySeries> series, string axis = "assumed pre/post correlation r")
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = PlotStyle.NewPlot(title, axis, effect);
        for (var s = 0; s < series.Count; s++)
        {
            var color = PlotStyle.SeriesColor(s);
            var band = plot.Add.FillY(series[s].Correlations, series[s].Upper, series[s].Lower);
            band.FillColor = color.WithAlpha(0.15);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(series[s].Correlations, series[s].Estimates, color);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = series[s].Model;
        }

        plot.Add.HorizontalLine(0, 1, PlotStyle.Reference, LinePattern.Dashed);
        plot.ShowLegend(Alignment.UpperLeft);
        return new Figure(name, title, plot, 800, 520);
    }
}
