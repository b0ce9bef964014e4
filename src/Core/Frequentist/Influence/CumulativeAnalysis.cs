using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>Cumulative meta-analysis, as metafor's <c>cumul</c>: studies added one at a time in a given order.</summary>
/// <remarks>
/// Line j is the model (same estimator, test and level) fitted to the first j studies of the order. The
/// first line holds a single study, which cannot inform τ²; as metafor, it is reported with τ² = 0, the
/// study's own estimate and a z test. Defined for intercept-only models, as metafor.
/// </remarks>
public static class CumulativeAnalysis
{
    /// <summary>
    /// The cumulative lines in <paramref name="order"/> (a permutation of the effect indices 0..k-1; data order
    /// when null), each labelled with the study added. Throws <see cref="InvalidInputException"/> on field
    /// <c>order</c> when it is not a permutation.
    /// </summary>
    public static IReadOnlyList<PooledEstimateSummary> Run(RandomEffectsFit fit, IReadOnlyList<int>? order = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        SubsetFits.RequireInterceptOnly(fit, "a cumulative analysis");
        var k = fit.K;
        var sequence = order?.ToArray() ?? Enumerable.Range(0, k).ToArray();
        CheckPermutation(sequence, k);
        var needed = fit.Estimator.EstimatesHeterogeneity ? 2 : 1;
        var lines = new PooledEstimateSummary[k];
        for (var j = 1; j <= k; j++)
        {
            var rows = sequence[..j];
            var options = j < needed ? SubsetFits.ForSingleStudy(fit.Options) : fit.Options;
            lines[j - 1] = PooledEstimateSummary.From(fit.Data.Labels[sequence[j - 1]], SubsetFits.Refit(fit, rows, options));
        }

        return lines;
    }

    private static void CheckPermutation(int[] order, int k)
    {
        Guard.SameLength(order, "order", k, "yi");
        var seen = new bool[k];
        for (var i = 0; i < order.Length; i++)
        {
            var index = order[i];
            if (index < 0 || index >= k)
            {
                throw new InvalidInputException(Guard.Element("order", i), $"must be an effect index from 0 to {k - 1}, got {index}");
            }

            if (seen[index])
            {
                throw new InvalidInputException(Guard.Element("order", i), $"effect {index} appears twice; the order must list every effect once");
            }

            seen[index] = true;
        }
    }
}
