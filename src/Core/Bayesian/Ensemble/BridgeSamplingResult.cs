namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>A bridge-sampling estimate of a marginal likelihood.</summary>
/// <param name="LogMarginalLikelihood">log p(y).</param>
/// <param name="ErrorEstimate">The estimate's coefficient of variation √RE² (Frühwirth-Schnatter 2004), ≈ the standard error of <paramref name="LogMarginalLikelihood"/>.</param>
/// <param name="Iterations">Iterations of the Meng–Wong fixed point.</param>
/// <param name="PosteriorDraws">Posterior draws used in the iteration (the other half fitted the proposal).</param>
/// <param name="ProposalDraws">Draws from the proposal.</param>
public sealed record BridgeSamplingResult(double LogMarginalLikelihood, double ErrorEstimate, int Iterations, int PosteriorDraws, int ProposalDraws);
