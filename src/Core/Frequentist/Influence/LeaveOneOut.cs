namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>Leave-one-out analysis of a pooled estimate, as metafor's <c>leave1out</c>.</summary>
/// <remarks>
/// Each line refits the model (same estimator, test and level) without one study. Defined for
/// intercept-only models, as metafor; a moderator model's per-study influence is in
/// <see cref="InfluenceDiagnostics"/>. Needs one effect more than the model itself.
/// </remarks>
public static class LeaveOneOut
{
    /// <summary>One line per study, in data order, labelled with the study left out.</summary>
    public static IReadOnlyList<PooledEstimateSummary> Run(RandomEffectsFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        SubsetFits.RequireInterceptOnly(fit, "a leave-one-out analysis");
        SubsetFits.RequireOneToSpare(fit, "a leave-one-out analysis");
        var lines = new PooledEstimateSummary[fit.K];
        for (var i = 0; i < fit.K; i++)
        {
            lines[i] = PooledEstimateSummary.From(fit.Data.Labels[i], SubsetFits.Refit(fit, SubsetFits.AllBut(fit.K, i)));
        }

        return lines;
    }
}
