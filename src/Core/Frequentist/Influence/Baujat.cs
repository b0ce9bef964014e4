namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>
/// The coordinates of a Baujat plot (Baujat et al. 2002) as metafor's <c>baujat()</c> computes them for a
/// random-effects model: each effect's squared Pearson residual against the squared change of the pooled
/// estimate when it is left out, standardized by the variance of the estimate without it.
/// </summary>
public static class Baujat
{
    /// <summary>One point per effect, in data order, from the fit and its leave-one-out refits.</summary>
    public static IReadOnlyList<BaujatPoint> Compute(RandomEffectsFit fit, IReadOnlyList<PooledEstimateSummary> leaveOneOut)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(leaveOneOut);
        SubsetFits.RequireInterceptOnly(fit, "a Baujat plot");
        var pooled = fit.Beta[0];
        return Enumerable.Range(0, fit.K).Select(i =>
        {
            var residual = fit.Data.Yi[i] - pooled;
            var without = leaveOneOut[i];
            var shift = without.Estimate - pooled;
            return new BaujatPoint(fit.Data.Labels[i], residual * residual / (fit.Tau2 + fit.Data.Vi[i]), shift * shift / (without.StandardError * without.StandardError));
        }).ToArray();
    }
}
