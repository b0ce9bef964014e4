namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>Options of a three-level fit.</summary>
/// <param name="Estimator">REML (default) or ML.</param>
/// <param name="Test">z (default), t or Knapp-Hartung.</param>
/// <param name="Level">Confidence level of the intervals, strictly between 0 and 1.</param>
/// <param name="Sigma2Between">A fixed σ² between clusters instead of an estimate (metafor's <c>sigma2=c(value, NA)</c>).</param>
/// <param name="Sigma2Within">A fixed σ² within clusters instead of an estimate.</param>
public sealed record ThreeLevelOptions(
    ThreeLevelEstimator Estimator = ThreeLevelEstimator.RestrictedMaximumLikelihood,
    CoefficientTest Test = CoefficientTest.Z,
    double Level = 0.95,
    double? Sigma2Between = null,
    double? Sigma2Within = null);
