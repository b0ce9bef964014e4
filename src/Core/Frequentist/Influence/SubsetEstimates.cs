using System.Numerics;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>
/// A GOSH analysis (graphical display of study heterogeneity, Olkin, Dahabreh and Trikalinos 2012), as
/// metafor's <c>gosh()</c> with all subsets: the pooled estimate and I² of the model refitted to every
/// non-empty subset of the effects (a single effect is its own estimate, with I² = 0). Clusters of subsets
/// in the (estimate, I²) plane point at effects that drive the estimate or the heterogeneity.
/// </summary>
public static class SubsetEstimates
{
    /// <summary>The most effects for which every subset is fitted (2^15 − 1 fits).</summary>
    public const int MaxEffects = 15;

    /// <summary>
    /// Estimate and I² (%) of every non-empty subset, in the order of the subsets' numbers (bit i of a
    /// subset's number is effect i).
    /// </summary>
    public static (uint[] Subsets, double[] Estimate, double[] I2) AllSubsets(RandomEffectsFit fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        SubsetFits.RequireInterceptOnly(fit, "a GOSH analysis");
        if (fit.K > MaxEffects)
        {
            throw new Validation.InvalidInputException("effects", $"a GOSH analysis of all subsets is for at most {MaxEffects} effects, got {fit.K}");
        }

        var count = (1 << fit.K) - 1;
        var subsets = new uint[count];
        var estimates = new double[count];
        var i2 = new double[count];
        var rows = new List<int>(fit.K);
        for (var subset = 1u; subset <= count; subset++)
        {
            var at = (int)subset - 1;
            subsets[at] = subset;
            if (BitOperations.PopCount(subset) == 1)
            {
                estimates[at] = fit.Data.Yi[BitOperations.TrailingZeroCount(subset)];
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            rows.Clear();
            for (var i = 0; i < fit.K; i++)
            {
                if ((subset & (1u << i)) != 0)
                {
                    rows.Add(i);
                }
            }

            var refit = RandomEffectsModel.Fit(fit.Data.Subset(rows), DesignMatrix.InterceptOnly(rows.Count), fit.Options);
            estimates[at] = refit.Beta[0];
            i2[at] = refit.I2;
        }

        return (subsets, estimates, i2);
    }
}
