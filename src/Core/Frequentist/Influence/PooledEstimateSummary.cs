namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>
/// One line of a leave-one-out or cumulative analysis (metafor's <c>leave1out</c>/<c>cumul</c>): the pooled
/// estimate of an intercept-only model fitted to a subset, with its test and heterogeneity.
/// </summary>
/// <param name="Label">The study left out (leave-one-out) or added last (cumulative).</param>
/// <param name="K">Number of effects in the subset.</param>
/// <param name="Estimate">The pooled estimate.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="Statistic">z or t statistic.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="CiLower">Lower confidence bound.</param>
/// <param name="CiUpper">Upper confidence bound.</param>
/// <param name="Q">Cochran's Q of the subset.</param>
/// <param name="QPValue">Its p-value.</param>
/// <param name="Tau2">τ² of the subset.</param>
/// <param name="I2">I² (%) of the subset.</param>
/// <param name="H2">H² of the subset.</param>
public sealed record PooledEstimateSummary(
    string Label,
    int K,
    double Estimate,
    double StandardError,
    double Statistic,
    double PValue,
    double CiLower,
    double CiUpper,
    double Q,
    double QPValue,
    double Tau2,
    double I2,
    double H2)
{
    /// <summary>The line for the intercept-only <paramref name="fit"/>.</summary>
    public static PooledEstimateSummary From(string label, RandomEffectsFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var mean = fit.Coefficients[0];
        return new PooledEstimateSummary(label, fit.K, mean.Estimate, mean.StandardError, mean.Statistic, mean.PValue, mean.CiLower, mean.CiUpper, fit.Qe, fit.QePValue, fit.Tau2, fit.I2, fit.H2);
    }
}
