namespace MetaAnalysis.Cli.Results;

/// <summary>A frequentist model's line in the comparison table.</summary>
/// <param name="Model">The model.</param>
/// <param name="Parameters">Estimated parameters (coefficients and variance components).</param>
/// <param name="LogLikelihood">Log likelihood.</param>
/// <param name="Aic">AIC.</param>
/// <param name="Bic">BIC.</param>
/// <param name="Aicc">Corrected AIC.</param>
/// <param name="DeltaAic">AIC minus the smallest AIC of comparable models.</param>
/// <param name="Restricted">Whether the likelihood is REML.</param>
public sealed record FrequentistComparisonRow(string Model, int Parameters, double LogLikelihood, double Aic, double Bic, double Aicc, double DeltaAic, bool Restricted);

/// <summary>An exact Bayesian model's line in the comparison table.</summary>
/// <param name="Model">The model.</param>
/// <param name="LogMarginalLikelihood">log p(y | model).</param>
/// <param name="LogBayesFactorToBest">log BF of this model against the best one (0 for the best).</param>
/// <param name="PosteriorProbability">Posterior model probability with equal prior probabilities.</param>
public sealed record BayesianComparisonRow(string Model, double LogMarginalLikelihood, double LogBayesFactorToBest, double PosteriorProbability);

/// <summary>A sampled model's line in the comparison table.</summary>
/// <param name="Model">The model.</param>
/// <param name="Elpd">PSIS-LOO elpd.</param>
/// <param name="ElpdSe">Its standard error.</param>
/// <param name="ElpdDifference">elpd minus the best model's.</param>
public sealed record LooComparisonRow(string Model, double Elpd, double ElpdSe, double ElpdDifference);

/// <summary>The model comparison of a batch: information criteria, marginal likelihoods and PSIS-LOO.</summary>
/// <param name="Frequentist">Frequentist models fitted to all effects.</param>
/// <param name="Bayesian">Exact Bayesian models with proper priors on every coefficient.</param>
/// <param name="Loo">Sampled models.</param>
/// <param name="Notes">What the reader must keep in mind when reading the table.</param>
public sealed record ComparisonResult(
    IReadOnlyList<FrequentistComparisonRow> Frequentist,
    IReadOnlyList<BayesianComparisonRow> Bayesian,
    IReadOnlyList<LooComparisonRow> Loo,
    IReadOnlyList<string> Notes);
