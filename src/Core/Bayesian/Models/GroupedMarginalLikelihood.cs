namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The log likelihood of groups of effects that share a normal random effect, with that effect
/// integrated out: y_g ~ N(m_g, D_g + σ² 11ᵀ), D_g diagonal. This is the unit PSIS-LOO leaves out in the
/// hierarchical models (a study with several doses, a cluster of effects).
/// </summary>
/// <remarks>
/// By the matrix determinant lemma and Sherman-Morrison, with residuals r = y - m:
/// log det = Σ log dᵢ + log(1 + σ² Σ 1/dᵢ) and rᵀΣ⁻¹r = Σ rᵢ²/dᵢ - σ² (Σ rᵢ/dᵢ)² / (1 + σ² Σ 1/dᵢ).
/// </remarks>
internal static class GroupedMarginalLikelihood
{
    /// <summary>Writes the log likelihood of each group given every row's group, residual and diagonal variance.</summary>
    public static void Compute(ReadOnlySpan<int> group, ReadOnlySpan<double> residual, ReadOnlySpan<double> variance, double sharedVariance, Span<double> logLikelihood)
    {
        var groups = logLikelihood.Length;
        Span<double> logDet = groups <= 256 ? stackalloc double[groups] : new double[groups];
        Span<double> precision = groups <= 256 ? stackalloc double[groups] : new double[groups];
        Span<double> weighted = groups <= 256 ? stackalloc double[groups] : new double[groups];
        Span<double> quadratic = groups <= 256 ? stackalloc double[groups] : new double[groups];
        Span<int> count = groups <= 256 ? stackalloc int[groups] : new int[groups];
        logDet.Clear();
        precision.Clear();
        weighted.Clear();
        quadratic.Clear();
        count.Clear();
        for (var i = 0; i < group.Length; i++)
        {
            var g = group[i];
            logDet[g] += Math.Log(variance[i]);
            precision[g] += 1 / variance[i];
            weighted[g] += residual[i] / variance[i];
            quadratic[g] += residual[i] * residual[i] / variance[i];
            count[g]++;
        }

        for (var g = 0; g < groups; g++)
        {
            var shrink = 1 + (sharedVariance * precision[g]);
            var form = quadratic[g] - (sharedVariance * weighted[g] * weighted[g] / shrink);
            logLikelihood[g] = -0.5 * ((count[g] * Math.Log(2 * Math.PI)) + logDet[g] + Math.Log(shrink) + form);
        }
    }
}
