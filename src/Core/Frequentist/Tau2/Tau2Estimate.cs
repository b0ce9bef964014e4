namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>An estimate of τ².</summary>
/// <param name="Tau2">The estimate, truncated at 0.</param>
/// <param name="StandardError">metafor's standard error of the estimator (NaN for the equal-effects model).</param>
/// <param name="Iterations">Iterations of an iterative estimator (0 for closed forms).</param>
public sealed record Tau2Estimate(double Tau2, double StandardError, int Iterations);
