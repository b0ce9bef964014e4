namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// One reported effect's contribution to a selection model's log-likelihood, log[w(p) φ(y; m, v + s²) / A],
/// with its derivatives: the term both the random-effects and the three-level selection models sum.
/// </summary>
internal static class SelectedEffect
{
    /// <summary>The term for one effect, oriented so that selection favours large values.</summary>
    /// <param name="weights">The weight function.</param>
    /// <param name="p">The effect's one-sided p-value.</param>
    /// <param name="se">Its standard error √v, from which the weights' p-values are computed.</param>
    /// <param name="v">Its sampling variance.</param>
    /// <param name="orientedY">The effect, times -1 when selection favours negative effects.</param>
    /// <param name="orientedMean">Its mean, oriented the same way.</param>
    /// <param name="addedVariance">The variance added to <paramref name="v"/>: τ², or σ²_within given the study effect.</param>
    /// <param name="delta">The full δ vector.</param>
    /// <param name="deltaGradient">Receives d term / d δⱼ for every δ (fixed ones included).</param>
    /// <param name="scratch">Working space as long as δ.</param>
    /// <param name="dMean">d term / d oriented mean.</param>
    /// <param name="dVariance">d term / d added variance.</param>
    public static double LogDensity(
        SelectionWeightFunction weights,
        double p,
        double se,
        double v,
        double orientedY,
        double orientedMean,
        double addedVariance,
        double[] delta,
        Span<double> deltaGradient,
        Span<double> scratch,
        out double dMean,
        out double dVariance)
    {
        var s2 = v + addedVariance;
        var s = Math.Sqrt(s2);
        var residual = orientedY - orientedMean;
        var logWeight = weights.LogWeight(p, delta, deltaGradient);
        var a = weights.NormalizingConstant(se, orientedMean, s, delta, out var aMean, out var aSd, scratch);
        dMean = (residual / s2) - (aMean / a);
        var dSd = (-1 / s) + (residual * residual / (s2 * s)) - (aSd / a);
        dVariance = dSd / (2 * s);
        for (var d = 0; d < delta.Length; d++)
        {
            deltaGradient[d] -= scratch[d] / a;
        }

        return logWeight - (0.5 * Math.Log(2 * Math.PI * s2)) - (0.5 * residual * residual / s2) - Math.Log(a);
    }
}
