using MathNet.Numerics.Distributions;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// Rank normalization (Vehtari et al. 2021): every draw is replaced by the normal score of its rank among
/// all draws of all chains, so R-hat and ESS stay well defined for heavy tails and infinite variances.
/// </summary>
public static class RankNormalization
{
    /// <summary>Normal scores Φ⁻¹((r - 3/8) / (S + 1/4)) of the pooled ranks r (ties get their average rank), in the input's layout.</summary>
    public static double[][] Normalize(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var ranks = Ranks(chains);
        var total = chains.Count * chains[0].Length;
        return ranks.Select(c => c.Select(r => Normal.InvCDF(0, 1, (r - 0.375) / (total + 0.25))).ToArray()).ToArray();
    }

    /// <summary>Pooled ranks 1..S with ties given their average rank (R's <c>rank(ties.method = "average")</c>), in the input's layout.</summary>
    public static double[][] Ranks(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var n = chains[0].Length;
        var pooled = DrawMatrix.Pool(chains);
        var order = Enumerable.Range(0, pooled.Length).ToArray();
        Array.Sort(pooled.ToArray(), order);
        var rank = new double[pooled.Length];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && pooled[order[j + 1]] == pooled[order[i]])
            {
                j++;
            }

            var average = ((i + 1) + (j + 1)) / 2.0;
            for (var k = i; k <= j; k++)
            {
                rank[order[k]] = average;
            }

            i = j + 1;
        }

        return Enumerable.Range(0, chains.Count).Select(c => rank[(c * n)..((c + 1) * n)]).ToArray();
    }
}
