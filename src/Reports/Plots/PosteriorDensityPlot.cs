using MetaAnalysis.Contracts.V1;
using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>A parameter's posterior density with its prior overlaid, so the reader sees how much the data moved it.</summary>
public static class PosteriorDensityPlot
{
    /// <summary>Draws <paramref name="curve"/>'s posterior and, unless the prior is flat (none given), its prior on the same grid.</summary>
    public static Figure Create(string name, string title, DensityCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var x = curve.X.ToArray();
        var density = curve.Density.ToArray();
        var plot = PlotStyle.NewPlot(title, curve.Parameter, "density");
        var fill = plot.Add.FillY(x, density, new double[x.Length]);
        fill.FillColor = PlotStyle.Posterior.WithAlpha(0.25);
        fill.LineWidth = 0;
        var line = plot.Add.ScatterLine(x, density, PlotStyle.Posterior);
        line.LineWidth = 2;
        line.LegendText = "posterior";

        // A flat prior has no density to draw: the contract leaves it empty.
        if (curve.Prior.Count == x.Length)
        {
            var priorLine = plot.Add.ScatterLine(x, curve.Prior.ToArray(), PlotStyle.Prior);
            priorLine.LinePattern = LinePattern.Dashed;
            priorLine.LineWidth = 2;
            priorLine.LegendText = "prior";
        }

        plot.Axes.SetLimitsY(0, density.DefaultIfEmpty(1).Max() * 1.1);
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure(name, title, plot, 640, 420);
    }
}
