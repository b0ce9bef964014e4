namespace MetaAnalysis.Core.Frequentist.Glmm;

/// <summary>
/// One study's marginal log-likelihood in the binomial-normal model and its derivatives: the value,
/// ∂/∂α and ∂²/∂α² in the study intercept, and ∂/∂β, ∂/∂τ².
/// </summary>
internal readonly record struct StudyMarginal(double LogLikelihood, double Alpha, double AlphaAlpha, double Beta, double Tau2);
