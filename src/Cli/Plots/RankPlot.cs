using ScottPlot;

namespace MetaAnalysis.Cli.Plots;

/// <summary>
/// The rank plot of one parameter (Vehtari et al. 2021): the draws of all chains are ranked together, and
/// each chain's histogram of ranks should be flat. A chain stuck high or low shows as a tilted histogram.
/// </summary>
public static class RankPlot
{
    /// <summary>Draws <paramref name="chains"/> with <paramref name="bins"/> rank bins.</summary>
    public static Figure Create(string name, string title, string parameter, IReadOnlyList<double[]> chains, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var counts = Counts(chains, bins);
        var plot = PlotStyle.NewPlot(title, $"rank of {parameter} (all chains together), in {bins} bins", "draws per bin");
        var expected = chains.Sum(c => c.Length) / (double)chains.Count / bins;
        for (var c = 0; c < chains.Count; c++)
        {
            // A step line: each bin's count held over the bin's width.
            var xs = new List<double>();
            var ys = new List<double>();
            for (var b = 0; b < bins; b++)
            {
                xs.Add(b);
                ys.Add(counts[c][b]);
                xs.Add(b + 1);
                ys.Add(counts[c][b]);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), PlotStyle.SeriesColor(c));
            line.LineWidth = 1.5f;
            line.LegendText = $"chain {c + 1}";
        }

        plot.Add.HorizontalLine(expected, 1, PlotStyle.Reference, LinePattern.Dashed);
        plot.Axes.SetLimitsY(0, counts.SelectMany(c => c).Max() * 1.2);
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure(name, title, plot, 800, 320);
    }

    /// <summary>The number of each chain's draws in each of <paramref name="bins"/> equal bins of the pooled ranks (ties get their average rank).</summary>
    public static int[][] Counts(IReadOnlyList<double[]> chains, int bins)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var pooled = chains.SelectMany((draws, c) => draws.Select(d => (Value: d, Chain: c))).OrderBy(p => p.Value).ToArray();
        var counts = chains.Select(_ => new int[bins]).ToArray();
        var n = pooled.Length;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j + 1 < n && pooled[j + 1].Value == pooled[i].Value)
            {
                j++;
            }

            var averageRank = (i + j) / 2.0;
            var bin = Math.Min(bins - 1, (int)(averageRank * bins / n));
            for (var t = i; t <= j; t++)
            {
                counts[pooled[t].Chain][bin]++;
            }

            i = j + 1;
        }

        return counts;
    }
}
