namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// A parameter's posterior averaged over ensemble members: a mixture of the members' posteriors weighted by
/// their posterior probabilities, where a member that fixes the parameter at 0 contributes a point mass at 0.
/// </summary>
/// <param name="Parameter">The parameter's name (mu, tau, sigma_between, sigma_within).</param>
/// <param name="Mean">Mixture mean.</param>
/// <param name="Sd">Mixture standard deviation.</param>
/// <param name="Median">Mixture median.</param>
/// <param name="Lower">2.5% quantile.</param>
/// <param name="Upper">97.5% quantile.</param>
/// <param name="InclusionProbability">Posterior probability of the members in which the parameter is free (1 for a conditional estimate).</param>
public sealed record AveragedEstimate(string Parameter, double Mean, double Sd, double Median, double Lower, double Upper, double InclusionProbability);
