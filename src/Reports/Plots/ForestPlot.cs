using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaAnalysis.Reports.Plots;

/// <summary>One study (effect) of a forest plot.</summary>
/// <param name="Label">The label shown on the left.</param>
/// <param name="Estimate">Observed effect.</param>
/// <param name="Lower">Lower end of its 95% confidence interval.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Weight">Its weight in the pooled estimate (marker size); null for equal markers.</param>
/// <param name="Shrunken">The Bayesian shrunken estimate with its 95% credible interval; null when not Bayesian.</param>
public sealed record ForestRow(string Label, double Estimate, double Lower, double Upper, double? Weight = null, (double Estimate, double Lower, double Upper)? Shrunken = null);

/// <summary>A pooled estimate of a forest plot, drawn as a diamond with an optional prediction interval.</summary>
/// <param name="Label">The label.</param>
/// <param name="Estimate">Pooled estimate.</param>
/// <param name="Lower">Lower end of its interval.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="PredictionLower">Lower end of the 95% prediction interval; null for none.</param>
/// <param name="PredictionUpper">Upper end.</param>
public sealed record ForestSummary(string Label, double Estimate, double Lower, double Upper, double? PredictionLower = null, double? PredictionUpper = null);

/// <summary>A block of a forest plot: a subgroup's studies and its pooled estimate.</summary>
/// <param name="Heading">The subgroup's name; null for an unlabelled block.</param>
/// <param name="Rows">Its studies.</param>
/// <param name="Summary">Its pooled estimate.</param>
public sealed record ForestSection(string? Heading, IReadOnlyList<ForestRow> Rows, ForestSummary? Summary);

/// <summary>
/// The forest plot: every study's effect with its confidence interval (square sized by weight), subgroup
/// and overall pooled estimates as diamonds, the prediction interval as a line through the overall diamond,
/// and for Bayesian models each study's shrunken estimate below its observed one.
/// </summary>
public static class ForestPlot
{
    /// <summary>Draws the forest plot; <paramref name="xLabel"/> names the effect size.</summary>
    public static Figure Create(string name, string title, string xLabel, IReadOnlyList<ForestSection> sections, ForestSummary? overall)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var plot = PlotStyle.NewPlot(title, xLabel, string.Empty);
        var positions = new List<double>();
        var labels = new List<string>();
        var y = 0.0;
        var weights = sections.SelectMany(s => s.Rows).Select(r => r.Weight ?? 1).ToArray();
        var largest = weights.Length == 0 ? 1 : weights.Max();
        var anyShrunken = false;
        foreach (var section in sections)
        {
            if (section.Heading is not null)
            {
                y -= 1;
                positions.Add(y);
                labels.Add(section.Heading.ToUpperInvariant());
            }

            foreach (var row in section.Rows)
            {
                y -= 1;
                positions.Add(y);
                labels.Add(row.Label);
                var line = plot.Add.Line(row.Lower, y, row.Upper, y);
                line.LineColor = PlotStyle.Observed;
                line.LineWidth = 1.5f;
                var size = (float)(4 + (10 * Math.Sqrt((row.Weight ?? 1) / largest)));
                plot.Add.Marker(row.Estimate, y, MarkerShape.FilledSquare, size, PlotStyle.Observed);
                if (row.Shrunken is { } s)
                {
                    anyShrunken = true;
                    var shrunk = plot.Add.Line(s.Lower, y - 0.3, s.Upper, y - 0.3);
                    shrunk.LineColor = PlotStyle.Posterior;
                    shrunk.LineWidth = 1;
                    plot.Add.Marker(s.Estimate, y - 0.3, MarkerShape.FilledCircle, 5, PlotStyle.Posterior);
                }
            }

            if (section.Summary is { } summary)
            {
                y -= 1;
                positions.Add(y);
                labels.Add(summary.Label);
                Diamond(plot, summary, y, PlotStyle.Observed.WithAlpha(0.6));
            }
        }

        if (overall is not null)
        {
            y -= 1.5;
            positions.Add(y);
            labels.Add(overall.Label);
            Diamond(plot, overall, y, (anyShrunken ? PlotStyle.Posterior : PlotStyle.Observed).WithAlpha(0.7));
        }

        plot.Add.VerticalLine(0, 1, PlotStyle.Reference, LinePattern.Dashed);
        plot.Axes.Left.TickGenerator = new NumericManual(positions.ToArray(), labels.ToArray());
        plot.Axes.SetLimitsY(y - 1, 0.5);
        if (anyShrunken)
        {
            PlotStyle.LegendEntry(plot, "observed (95% CI)", MarkerShape.FilledSquare, PlotStyle.Observed);
            PlotStyle.LegendEntry(plot, "shrunken (95% CrI)", MarkerShape.FilledCircle, PlotStyle.Posterior);
            plot.ShowLegend(Alignment.LowerRight);
        }

        return new Figure(name, title, plot, 900, (int)(120 + (22 * -y)));
    }

    private static void Diamond(Plot plot, ForestSummary summary, double y, Color fill)
    {
        if (summary.PredictionLower is { } low && summary.PredictionUpper is { } high)
        {
            var prediction = plot.Add.Line(low, y, high, y);
            prediction.LineColor = PlotStyle.Reference;
            prediction.LineWidth = 1.5f;
            prediction.LinePattern = LinePattern.Dotted;
        }

        var diamond = plot.Add.Polygon(
        [
            new Coordinates(summary.Lower, y),
            new Coordinates(summary.Estimate, y + 0.35),
            new Coordinates(summary.Upper, y),
            new Coordinates(summary.Estimate, y - 0.35),
        ]);
        diamond.FillColor = fill;
        diamond.LineColor = Colors.Black;
    }
}
