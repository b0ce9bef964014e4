namespace MetaAnalysis.Core.Frequentist.Glmm;

/// <summary>
/// A binomial-normal GLMM of 2x2 tables fitted by exact maximum likelihood (metafor's
/// <c>rma.glmm(measure = "OR", model = "UM.FS", method = "ML")</c>).
/// </summary>
/// <param name="Coefficient">The pooled log odds ratio β with its standard error from the inverse observed information, z test and interval.</param>
/// <param name="Tau2">τ², the variance of the study log odds ratios.</param>
/// <param name="LogLikelihood">The exact marginal log-likelihood, binomial coefficients included.</param>
/// <param name="StudyIntercepts">The fitted control-group log odds α_i of the informative studies, in data order.</param>
/// <param name="IncludedStudies">The indices of the studies that inform the fit (not without events, nor all events, in both groups).</param>
/// <param name="Converged">Whether the maximizer met its criterion at a proper maximum.</param>
public sealed record OddsRatioGlmmFit(
    CoefficientEstimate Coefficient,
    double Tau2,
    double LogLikelihood,
    IReadOnlyList<double> StudyIntercepts,
    IReadOnlyList<int> IncludedStudies,
    bool Converged);
