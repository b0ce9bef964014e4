using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MetaAnalysis.Reports.Plots;

/// <summary>One study (effect) of a forest plot, on the analysis scale.</summary>
/// <param name="Label">The label shown on the left.</param>
/// <param name="Estimate">Observed effect.</param>
/// <param name="Lower">Lower end of its 95% confidence interval.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Weight">Its weight in the pooled estimate (marker area, weight column); null when the model gives none.</param>
/// <param name="Shrunken">The Bayesian shrunken estimate with its 95% credible interval; null when not Bayesian.</param>
public sealed record ForestRow(string Label, double Estimate, double Lower, double Upper, double? Weight = null, (double Estimate, double Lower, double Upper)? Shrunken = null);

/// <summary>A pooled estimate of a forest plot, drawn as a diamond with an optional prediction interval.</summary>
/// <param name="Label">The label.</param>
/// <param name="Estimate">Pooled estimate.</param>
/// <param name="Lower">Lower end of its interval.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="PredictionLower">Lower end of the 95% prediction interval; null for none.</param>
/// <param name="PredictionUpper">Upper end.</param>
/// <param name="Note">A line under the diamond: the heterogeneity figures or the test between subgroups; null for none.</param>
public sealed record ForestSummary(string Label, double Estimate, double Lower, double Upper, double? PredictionLower = null, double? PredictionUpper = null, string? Note = null);

/// <summary>A block of a forest plot: a subgroup's (or a study's) effects and its pooled estimate.</summary>
/// <param name="Heading">The block's name; null for an unlabelled block.</param>
/// <param name="Rows">Its effects.</param>
/// <param name="Summary">Its pooled estimate; null for none.</param>
public sealed record ForestSection(string? Heading, IReadOnlyList<ForestRow> Rows, ForestSummary? Summary);

/// <summary>
/// The forest plot as metafor's <c>forest()</c> and JASP draw it: each effect's label on the left; its
/// estimate with the confidence interval, a square whose area is proportional to its weight, and on the
/// right the estimate and interval in figures with the weight in percent; subgroup and overall pooled
/// estimates as diamonds, the prediction interval as a dotted line through the overall diamond and a line
/// of heterogeneity figures under it. Ratio measures and Fisher's z are shown back-transformed (risk
/// ratios on a log axis, correlations), as <c>forest(..., atransf = exp)</c> does. For Bayesian models
/// each study's shrunken estimate is drawn below its observed one.
/// </summary>
public static class ForestPlot
{
    /// <summary>The side of the square of the effect with the largest weight, in pixels.</summary>
    private const float LargestSquare = 18;

    /// <summary>The smallest square, so that light effects stay visible.</summary>
    private const float SmallestSquare = 3;

    /// <summary>Draws the forest plot of <paramref name="sections"/> on <paramref name="scale"/>.</summary>
    public static Figure Create(string name, string title, EffectScale scale, IReadOnlyList<ForestSection> sections, ForestSummary? overall)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(sections);
        var plot = PlotStyle.NewPlot(title, scale.AxisLabel, string.Empty);
        var rows = sections.SelectMany(s => s.Rows).ToArray();
        var totalWeight = rows.Sum(r => r.Weight ?? 0);
        var weighted = totalWeight > 0;
        var largest = weighted ? rows.Max(r => r.Weight ?? 0) : 1;
        var left = new List<(double Y, string Text)>();
        var right = new List<(double Y, string Text)>();
        var notes = new List<(double Y, string Text)>();
        var y = 0.0;
        left.Add((y, string.Empty));
        right.Add((y, weighted ? $"{"estimate [95% CI]",-22} weight" : "estimate [95% CI]"));
        var anyShrunken = false;
        foreach (var section in sections)
        {
            if (section.Heading is not null)
            {
                y -= 1;
                left.Add((y, section.Heading.ToUpperInvariant()));
            }

            foreach (var row in section.Rows)
            {
                y -= 1;
                left.Add((y, row.Label));
                right.Add((y, RightText(scale, row.Estimate, row.Lower, row.Upper, weighted ? row.Weight / totalWeight : null)));
                var line = plot.Add.Line(row.Lower, y, row.Upper, y);
                line.LineColor = PlotStyle.Observed;
                line.LineWidth = 1.5f;
                var size = weighted ? Math.Max(SmallestSquare, LargestSquare * (float)Math.Sqrt((row.Weight ?? 0) / largest)) : 8;
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
                AddSummary(plot, scale, summary, y, PlotStyle.Observed.WithAlpha(0.6), left, right);
                if (summary.Note is { } note)
                {
                    y -= 0.8;
                    notes.Add((y, note));
                }
            }
        }

        if (overall is not null)
        {
            y -= 1.5;
            AddSummary(plot, scale, overall, y, (anyShrunken ? PlotStyle.Posterior : PlotStyle.Observed).WithAlpha(0.7), left, right);
            if (overall.Note is { } note)
            {
                y -= 1;
                notes.Add((y, note));
            }
        }

        var (low, high) = Range(rows, sections.Select(s => s.Summary).Append(overall));
        foreach (var (noteY, text) in notes)
        {
            var label = plot.Add.Text(text, low + (0.01 * (high - low)), noteY);
            label.LabelFontName = EmbeddedFonts.Sans;
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.MiddleLeft;
            label.LabelFontColor = PlotStyle.Reference;
        }

        if (scale.NoEffect is { } none)
        {
            plot.Add.VerticalLine(none, 1, PlotStyle.Reference, LinePattern.Dashed);
        }

        plot.Axes.Left.TickGenerator = new NumericManual(left.Select(l => l.Y).ToArray(), left.Select(l => l.Text).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Right.TickGenerator = new NumericManual(right.Select(r => r.Y).ToArray(), right.Select(r => r.Text).ToArray());
        plot.Axes.Right.TickLabelStyle.FontName = EmbeddedFonts.Mono;
        plot.Axes.Right.TickLabelStyle.FontSize = 12;
        plot.Axes.Right.MajorTickStyle.Length = 0;
        plot.Axes.Right.MinorTickStyle.Length = 0;
        if (scale.Ticks(low, high) is { } ticks)
        {
            plot.Axes.Bottom.TickGenerator = ticks;
        }

        plot.Axes.SetLimitsX(low, high);
        plot.Axes.SetLimitsY(y - 0.8, 0.6);
        plot.Axes.SetLimitsY(y - 0.8, 0.6, plot.Axes.Right);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        if (anyShrunken)
        {
            PlotStyle.LegendEntry(plot, "observed (95% CI)", MarkerShape.FilledSquare, PlotStyle.Observed);
            PlotStyle.LegendEntry(plot, "shrunken (95% CrI)", MarkerShape.FilledCircle, PlotStyle.Posterior);
            plot.ShowLegend(Edge.Bottom);
        }

        return new Figure(name, title, plot, 1000, (int)(150 + (24 * -y)));
    }

    /// <summary>The right column of one row: estimate and interval on the reader's scale, then the weight in percent.</summary>
    private static string RightText(EffectScale scale, double estimate, double lower, double upper, double? share) =>
        share is { } w
            ? string.Create(CultureInfo.InvariantCulture, $"{scale.Format(estimate, lower, upper),-22} {100 * w,5:F1}%")
            : scale.Format(estimate, lower, upper);

    private static void AddSummary(Plot plot, EffectScale scale, ForestSummary summary, double y, Color fill, List<(double, string)> left, List<(double, string)> right)
    {
        left.Add((y, summary.Label));
        right.Add((y, RightText(scale, summary.Estimate, summary.Lower, summary.Upper, null)));
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

    /// <summary>The x range: every interval (prediction intervals included), padded by 4% on each side.</summary>
    private static (double Low, double High) Range(IEnumerable<ForestRow> rows, IEnumerable<ForestSummary?> summaries)
    {
        var ends = rows.SelectMany(r => new[] { r.Lower, r.Upper }.Concat(r.Shrunken is { } s ? [s.Lower, s.Upper] : []))
            .Concat(summaries.OfType<ForestSummary>().SelectMany(s => new[] { s.Lower, s.Upper, s.PredictionLower ?? s.Lower, s.PredictionUpper ?? s.Upper }))
            .Where(double.IsFinite)
            .ToArray();
        var (low, high) = ends.Length == 0 ? (-1.0, 1.0) : (ends.Min(), ends.Max());
        var pad = Math.Max(0.04 * (high - low), 1e-6);
        return (low - pad, high + pad);
    }
}
