using ScottPlot;

namespace MetaAnalysis.Cli.Plots;

/// <summary>A parameter's posterior density with its prior overlaid, so the reader sees how much the data moved it.</summary>
public static class PosteriorDensityPlot
{
    /// <summary>Draws <paramref name="posterior"/> and, when given, <paramref name="prior"/> on the same grid.</summary>
    public static Figure Create(string name, string title, string parameter, DensityCurve posterior, Func<double, double>? prior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var plot = PlotStyle.NewPlot(title, parameter, "density");
        var fill = plot.Add.FillY(posterior.X, posterior.Density, new double[posterior.X.Length]);
        fill.FillColor = PlotStyle.Posterior.WithAlpha(0.25);
        fill.LineWidth = 0;
        var line = plot.Add.ScatterLine(posterior.X, posterior.Density, PlotStyle.Posterior);
        line.LineWidth = 2;
        line.LegendText = "posterior";
        if (prior is not null)
        {
            var priorCurve = DensityCurve.Of(prior, posterior.X[0], posterior.X[^1], posterior.X.Length);
            var priorLine = plot.Add.ScatterLine(priorCurve.X, priorCurve.Density, PlotStyle.Prior);
            priorLine.LinePattern = LinePattern.Dashed;
            priorLine.LineWidth = 2;
            priorLine.LegendText = "prior";
        }

        plot.Axes.SetLimitsY(0, posterior.Density.Max() * 1.1);
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure(name, title, plot, 640, 420);
    }
}
