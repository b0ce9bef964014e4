namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>Posterior predictive p-values of an exact fit (see <see cref="ExactPosterior.PosteriorPredictiveCheck"/>).</summary>
/// <param name="StudyPValues">P(y_rep ≥ y_i | y) per study, in data order; values near 0 or 1 flag a conflicting study.</param>
/// <param name="QPValue">The p-value of the generalized Cochran's Q discrepancy (NaN when k = p).</param>
/// <param name="DegreesOfFreedom">k − p, the degrees of freedom of Q's replicated distribution.</param>
public sealed record PosteriorPredictiveCheck(IReadOnlyList<double> StudyPValues, double QPValue, int DegreesOfFreedom);
