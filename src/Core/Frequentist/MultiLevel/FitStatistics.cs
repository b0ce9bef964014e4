namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>Log-likelihood and information criteria of a likelihood-based fit, as metafor's fitstats reports them.</summary>
/// <param name="LogLikelihood">The restricted (REML) or full (ML) log-likelihood, with all constants.</param>
/// <param name="Deviance">-2 (ll - ll of the saturated model) for ML, -2 ll for REML.</param>
/// <param name="Aic">-2 ll + 2 m, m = <paramref name="ParameterCount"/>.</param>
/// <param name="Bic">-2 ll + m log n, with n = k (ML) or k - p (REML).</param>
/// <param name="Aicc">-2 ll + 2 m max(n, m + 2) / (max(n, m + 2) - m - 1).</param>
/// <param name="ParameterCount">Coefficients plus estimated (not fixed) variance components.</param>
public sealed record FitStatistics(double LogLikelihood, double Deviance, double Aic, double Bic, double Aicc, int ParameterCount);
