using MathNet.Numerics.Statistics;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>Summaries of posterior draws at any credible level: moments, median, equal-tailed and HPD intervals.</summary>
/// <remarks>
/// Quantiles use R's type 7 definition, as the sampler's diagnostic report does for its 2.5% and 97.5%
/// quantiles. The HPD interval is the shortest interval holding ⌈level·n⌉ of the n sorted draws (Chen and
/// Shao 1999), a consistent estimate for a unimodal posterior.
/// </remarks>
internal static class DrawSummaries
{
    /// <summary>The summary of <paramref name="draws"/> (pooled over chains; any order).</summary>
    public static PosteriorParameter Summarize(string name, IReadOnlyCollection<double> draws, double level, bool hpd)
    {
        var sorted = draws.Order().ToArray();
        var moments = new DescriptiveStatistics(sorted);
        var tail = (1 - level) / 2;
        var summary = new PosteriorParameter
        {
            Name = name,
            Mean = moments.Mean,
            Sd = sorted.Length > 1 ? moments.StandardDeviation : 0,
            Median = SortedArrayStatistics.QuantileCustom(sorted, 0.5, QuantileDefinition.R7),
            Lower = SortedArrayStatistics.QuantileCustom(sorted, tail, QuantileDefinition.R7),
            Upper = SortedArrayStatistics.QuantileCustom(sorted, 1 - tail, QuantileDefinition.R7),
        };
        if (!FitResults.IsPositiveByConstruction(name))
        {
            summary.ProbabilityPositive = sorted.Count(d => d > 0) / (double)sorted.Length;
        }

        if (hpd)
        {
            var (lower, upper) = HighestDensity(sorted, level);
            summary.HpdLower = lower;
            summary.HpdUpper = upper;
        }

        return summary;
    }

    /// <summary>The shortest interval holding a fraction <paramref name="level"/> of the sorted draws.</summary>
    public static (double Lower, double Upper) HighestDensity(IReadOnlyList<double> sorted, double level)
    {
        var inside = Math.Min(sorted.Count, Math.Max(1, (int)Math.Ceiling(level * sorted.Count)));
        var best = 0;
        for (var i = 1; i + inside - 1 < sorted.Count; i++)
        {
            if (sorted[i + inside - 1] - sorted[i] < sorted[best + inside - 1] - sorted[best])
            {
                best = i;
            }
        }

        return (sorted[best], sorted[best + inside - 1]);
    }
}
