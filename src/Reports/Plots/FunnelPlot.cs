using MathNet.Numerics.Distributions;
using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The contour-enhanced funnel plot: effects against their standard errors (0 at the top), shaded where a
/// study's own test of no effect would give p &lt; 0.10, &lt; 0.05 and &lt; 0.01, the pooled estimate with its
/// 95% pseudo-confidence region, and trim-and-fill's filled-in effects as open circles; the legend sits beside
/// the plot, off the data.
/// </summary>
public static class FunnelPlot
{
    private static readonly (double P, string Shade)[] Contours = [(0.01, "#bdbdbd"), (0.05, "#d9d9d9"), (0.10, "#f0f0f0")];

    /// <summary>Draws the funnel of <paramref name="yi"/>, <paramref name="vi"/> around <paramref name="pooled"/>.</summary>
    public static Figure Create(string name, string title, string xLabel, IReadOnlyList<double> yi, IReadOnlyList<double> vi, double pooled, IReadOnlyList<double>? filledYi = null, IReadOnlyList<double>? filledVi = null)
    {
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(vi);
        var plot = PlotStyle.NewPlot(title, xLabel, "standard error");
        var se = vi.Select(Math.Sqrt).ToArray();
        var filledSe = filledVi?.Select(Math.Sqrt).ToArray() ?? [];
        var maxSe = 1.1 * se.Concat(filledSe).DefaultIfEmpty(1).Max();

        // Shade from the widest region (p < 0.10 boundary is innermost) outwards: a wider triangle is drawn first.
        var outer = plot.Add.Polygon([new Coordinates(0, 0), new Coordinates(-10 * maxSe, maxSe), new Coordinates(10 * maxSe, maxSe)]);
        outer.FillColor = Color.FromHex(Contours[0].Shade);
        outer.LineWidth = 0;
        outer.LegendText = "p < 0.01";
        for (var c = 0; c < Contours.Length; c++)
        {
            var z = Normal.InvCDF(0, 1, 1 - (Contours[c].P / 2));
            var region = plot.Add.Polygon([new Coordinates(0, 0), new Coordinates(-z * maxSe, maxSe), new Coordinates(z * maxSe, maxSe)]);
            region.FillColor = c + 1 < Contours.Length ? Color.FromHex(Contours[c + 1].Shade) : Colors.White;
            region.LineWidth = 0;
            // Inside the p = P[c] boundary and outside the next one, an effect's own p lies between the two.
            region.LegendText = c + 1 < Contours.Length ? $"{Contours[c].P:0.00} < p < {Contours[c + 1].P:0.00}" : "p > 0.10";
        }

        var funnel = plot.Add.ScatterLine(new[] { pooled - (1.96 * maxSe), pooled, pooled + (1.96 * maxSe) }, new[] { maxSe, 0, maxSe }, PlotStyle.Reference);
        funnel.LinePattern = LinePattern.Dashed;
        funnel.LineWidth = 1;
        funnel.LegendText = "95% pseudo-confidence region";
        var centre = plot.Add.Line(pooled, 0, pooled, maxSe);
        centre.LineColor = PlotStyle.Posterior;
        centre.LineWidth = 1.5f;
        centre.LegendText = "pooled estimate";

        var observed = plot.Add.Markers(yi.ToArray(), se, MarkerShape.FilledCircle, 7, PlotStyle.Observed);
        observed.LegendText = "observed";
        if (filledYi is { Count: > 0 })
        {
            var filled = plot.Add.Markers(filledYi.ToArray(), filledSe, MarkerShape.OpenCircle, 8, PlotStyle.Filled);
            filled.LegendText = "filled (trim-and-fill)";
        }

        var spread = yi.Concat(filledYi ?? []).Select(v => Math.Abs(v - pooled)).DefaultIfEmpty(1).Max();
        var half = Math.Max(spread, 1.96 * maxSe) * 1.1;
        plot.Axes.SetLimits(pooled - half, pooled + half, maxSe, 0);
        // Beside the plot, not over the effects.
        plot.ShowLegend(Edge.Right);
        return new Figure(name, title, plot, 960, 600);
    }
}
