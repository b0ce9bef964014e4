namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// The potential scale reduction factor R-hat: how much wider the pooled chains are than each chain
/// alone. Near 1 when the chains agree; above 1.01 is a warning.
/// </summary>
/// <remarks>
/// Basic R-hat of M chains of N draws: R̂ = √((N-1)/N + B/(N W)), B = N var(chain means),
/// W = mean chain variance. The recommended R-hat (Vehtari et al. 2021) is the larger of the basic R-hat
/// of the rank-normalized split chains (bulk) and of the rank-normalized split chains of |x - median|
/// (tails, which catches chains that agree in location but not in scale).
/// </remarks>
public static class Rhat
{
    /// <summary>Basic R-hat of the chains as given. NaN when a draw is not finite; 1 when all draws are equal.</summary>
    public static double Basic(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        if (DrawMatrix.AnyNonFinite(chains))
        {
            return double.NaN;
        }

        if (DrawMatrix.IsConstant(chains))
        {
            return 1;
        }

        var n = chains[0].Length;
        var means = chains.Select(c => DrawMatrix.Mean(c)).ToArray();
        var within = chains.Average(c => DrawMatrix.Variance(c));
        var between = n * DrawMatrix.Variance(means);
        return Math.Sqrt(((between / within) + n - 1) / n);
    }

    /// <summary>Rank-normalized split R-hat: the maximum of bulk and folded (tail) R-hat.</summary>
    public static double RankNormalizedSplit(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        if (DrawMatrix.AnyNonFinite(chains))
        {
            return double.NaN;
        }

        var bulk = Basic(RankNormalization.Normalize(SplitChains.Split(chains)));
        var median = EffectiveSampleSize.SampleQuantile(DrawMatrix.Pool(chains), 0.5);
        var folded = DrawMatrix.Map(chains, x => Math.Abs(x - median));
        var tail = Basic(RankNormalization.Normalize(SplitChains.Split(folded)));
        return Math.Max(bulk, tail);
    }
}
