namespace MetaAnalysis.Core.Frequentist;

/// <summary>Log-likelihood and information criteria of a fit, as metafor's <c>fitstats</c>.</summary>
/// <param name="LogLikelihood">ℓ (full or restricted).</param>
/// <param name="Deviance">ML: -2(ℓ - ℓ_saturated) with ℓ_saturated = Σ log φ(0; vᵢ) (0 when k = p); REML: -2ℓ_R.</param>
/// <param name="Aic">-2ℓ + 2q, q the number of parameters (p, plus 1 when τ² is estimated).</param>
/// <param name="Bic">-2ℓ + q log n, n = k (ML) or k - p (REML).</param>
/// <param name="Aicc">-2ℓ + 2q max(n, q + 2)/(max(n, q + 2) - q - 1).</param>
/// <param name="Parameters">q.</param>
public sealed record FitStatistics(double LogLikelihood, double Deviance, double Aic, double Bic, double Aicc, int Parameters);
