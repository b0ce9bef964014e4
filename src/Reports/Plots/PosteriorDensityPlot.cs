using MetaAnalysis.Contracts.V1;
using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// A parameter's posterior density with its prior overlaid, so the reader sees how much the data moved it,
/// and the 95% interval (HPD when reported, else equal-tailed) shaded under the curve with the mean marked.
/// </summary>
public static class PosteriorDensityPlot
{
    /// <summary>Draws <paramref name="curve"/>'s posterior and, unless the prior is flat (none given), its prior on the same grid.</summary>
    /// <param name="name">The figure's file name.</param>
    /// <param name="title">Its title.</param>
    /// <param name="curve">The densities.</param>
    /// <param name="summary">The parameter's posterior summary (its interval is shaded); null to shade nothing.</param>
    public static Figure Create(string name, string title, DensityCurve curve, PosteriorParameter? summary = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var x = curve.X.ToArray();
        var density = curve.Density.ToArray();
        var plot = PlotStyle.NewPlot(title, curve.Parameter, "density");
        if (summary is not null)
        {
            var (lower, upper, kind) = summary.HasHpdLower && summary.HasHpdUpper
                ? (summary.HpdLower, summary.HpdUpper, "95% HPD interval")
                : (summary.Lower, summary.Upper, "95% central interval");
            var inside = Enumerable.Range(0, x.Length).Where(i => x[i] >= lower && x[i] <= upper).ToArray();
            if (inside.Length > 1)
            {
                var band = plot.Add.FillY(inside.Select(i => x[i]).ToArray(), inside.Select(i => density[i]).ToArray(), new double[inside.Length]);
                band.FillColor = PlotStyle.Posterior.WithAlpha(0.3);
                band.LineWidth = 0;
                band.LegendText = kind;
            }

            plot.Add.VerticalLine(summary.Mean, 1, PlotStyle.Posterior, LinePattern.Dotted).LegendText = "posterior mean";
        }

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
        plot.ShowLegend(Edge.Right);
        return new Figure(name, title, plot, 760, 400);
    }
}
