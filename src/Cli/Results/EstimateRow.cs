namespace MetaAnalysis.Cli.Results;

/// <summary>
/// One estimated quantity: a frequentist estimate with its standard error, confidence interval and p-value,
/// or a posterior mean with its sd, 95% credible interval and P(&gt; 0); sampled quantities add their
/// Monte Carlo error, bulk ESS and R-hat.
/// </summary>
/// <param name="Name">The quantity (a coefficient's column name, tau, I2, ...).</param>
/// <param name="Estimate">Estimate, or posterior mean.</param>
/// <param name="Spread">Standard error, or posterior sd (null when the engine gives none, e.g. REML τ²).</param>
/// <param name="Lower">Lower end of the 95% interval (null when none).</param>
/// <param name="Upper">Upper end of the 95% interval.</param>
/// <param name="PValue">Two-sided p-value (frequentist coefficients).</param>
/// <param name="ProbabilityPositive">Posterior probability that the quantity is positive (Bayesian coefficients).</param>
/// <param name="Mcse">Monte Carlo standard error of the mean (sampled quantities).</param>
/// <param name="EssBulk">Bulk effective sample size (sampled quantities).</param>
/// <param name="Rhat">Rank-normalized split R-hat (sampled quantities).</param>
public sealed record EstimateRow(
    string Name,
    double Estimate,
    double? Spread,
    double? Lower,
    double? Upper,
    double? PValue = null,
    double? ProbabilityPositive = null,
    double? Mcse = null,
    double? EssBulk = null,
    double? Rhat = null);
