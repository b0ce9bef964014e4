using MetaAnalysis.Contracts.V1;
using ScottPlot;

namespace MetaAnalysis.Reports.Plots;

/// <summary>
/// The rank plot of one parameter (Vehtari et al. 2021): the draws of all chains are ranked together, and
/// each chain's histogram of ranks should be flat. A chain stuck high or low shows as a tilted histogram.
/// </summary>
public static class RankPlot
{
    /// <summary>Draws each chain's histogram of <paramref name="histograms"/> as a step line over the bins 0 to the number of bins.</summary>
    public static Figure Create(string name, string title, string parameter, IReadOnlyList<RankHistogram> histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var bins = histograms.Select(h => h.Counts.Count).DefaultIfEmpty(0).Max();
        var plot = PlotStyle.NewPlot(title, $"rank of {parameter} (all chains together), in {bins} bins", "draws per bin");
        foreach (var histogram in histograms)
        {
            // A step line: each bin's count held over the bin's width.
            var xs = new List<double>();
            var ys = new List<double>();
            for (var b = 0; b < histogram.Counts.Count; b++)
            {
                xs.Add(b);
                ys.Add(histogram.Counts[b]);
                xs.Add(b + 1);
                ys.Add(histogram.Counts[b]);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), PlotStyle.SeriesColor(histogram.Chain));
            line.LineWidth = 1.5f;
            line.LegendText = $"chain {histogram.Chain + 1}";
        }

        var counts = histograms.SelectMany(h => h.Counts).DefaultIfEmpty(0).ToArray();
        if (histograms.Count > 0 && bins > 0)
        {
            plot.Add.HorizontalLine(counts.Sum() / (double)histograms.Count / bins, 1, PlotStyle.Reference, LinePattern.Dashed);
        }

        plot.Axes.SetLimits(0, Math.Max(bins, 1), 0, Math.Max(counts.Max(), 1) * 1.2);
        plot.ShowLegend(Edge.Right);
        return new Figure(name, title, plot, 900, 320);
    }
}
