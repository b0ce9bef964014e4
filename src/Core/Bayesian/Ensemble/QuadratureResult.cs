namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The marginal likelihood of one density by adaptive Gauss–Hermite quadrature, with the posterior moments
/// of each parameter on its natural scale from the same nodes.
/// </summary>
/// <param name="LogIntegral">log ∫ p(θ) p(y | θ) dθ from the n-point rule.</param>
/// <param name="ErrorEstimate">|log Z(n) − log Z(⌈n/2⌉)|: the change from a rule with half the points, a conservative estimate of the error of <paramref name="LogIntegral"/> (≈ its relative error).</param>
/// <param name="PointsPerDimension">n.</param>
/// <param name="Evaluations">Density evaluations, mode search included.</param>
/// <param name="Mode">The Laplace centre and scale.</param>
/// <param name="Means">Posterior mean of each parameter (natural scale, <see cref="IPosteriorDensity.ParameterNames"/> order).</param>
/// <param name="Sds">Posterior standard deviation of each parameter.</param>
public sealed record QuadratureResult(
    double LogIntegral,
    double ErrorEstimate,
    int PointsPerDimension,
    int Evaluations,
    PosteriorMode Mode,
    IReadOnlyList<double> Means,
    IReadOnlyList<double> Sds);
