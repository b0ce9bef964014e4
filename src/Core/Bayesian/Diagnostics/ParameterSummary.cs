using MathNet.Numerics.Statistics;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// The posterior summary of one quantity from MCMC draws, each figure with its Monte Carlo standard
/// error, and the convergence diagnostics that say whether to trust them.
/// </summary>
public sealed record ParameterSummary
{
    /// <summary>The quantity's name.</summary>
    public required string Name { get; init; }

    /// <summary>Posterior mean.</summary>
    public required double Mean { get; init; }

    /// <summary>Posterior standard deviation.</summary>
    public required double Sd { get; init; }

    /// <summary>Posterior median.</summary>
    public required double Median { get; init; }

    /// <summary>2.5% quantile.</summary>
    public required double Q025 { get; init; }

    /// <summary>97.5% quantile.</summary>
    public required double Q975 { get; init; }

    /// <summary>MCSE of the mean.</summary>
    public required double McseMean { get; init; }

    /// <summary>MCSE of the standard deviation.</summary>
    public required double McseSd { get; init; }

    /// <summary>MCSE of the median.</summary>
    public required double McseMedian { get; init; }

    /// <summary>MCSE of the 2.5% quantile.</summary>
    public required double McseQ025 { get; init; }

    /// <summary>MCSE of the 97.5% quantile.</summary>
    public required double McseQ975 { get; init; }

    /// <summary>Bulk effective sample size.</summary>
    public required double EssBulk { get; init; }

    /// <summary>Tail effective sample size.</summary>
    public required double EssTail { get; init; }

    /// <summary>Rank-normalized split R-hat.</summary>
    public required double Rhat { get; init; }

    /// <summary>Summarizes the draws of one quantity (one array per chain, quantiles of R's type 7).</summary>
    public static ParameterSummary Compute(string name, IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var pooled = DrawMatrix.Pool(chains);
        var finite = !DrawMatrix.AnyNonFinite(chains);
        var sorted = EffectiveSampleSize.Sorted(chains);
        double Quantile(double p) => SortedArrayStatistics.QuantileCustom(sorted, p, QuantileDefinition.R7);
        double QuantileError(double p) => finite ? MonteCarloStandardError.QuantileFromSorted(chains, p, sorted) : double.NaN;
        return new ParameterSummary
        {
            Name = name,
            Mean = DrawMatrix.Mean(pooled),
            Sd = Math.Sqrt(DrawMatrix.Variance(pooled)),
            Median = Quantile(0.5),
            Q025 = Quantile(0.025),
            Q975 = Quantile(0.975),
            McseMean = MonteCarloStandardError.Mean(chains),
            McseSd = MonteCarloStandardError.Sd(chains),
            McseMedian = QuantileError(0.5),
            McseQ025 = QuantileError(0.025),
            McseQ975 = QuantileError(0.975),
            EssBulk = EffectiveSampleSize.Bulk(chains),
            EssTail = EffectiveSampleSize.Tail(chains),
            Rhat = Diagnostics.Rhat.RankNormalizedSplit(chains),
        };
    }
}
