namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>The usual summaries of one parameter's posterior.</summary>
/// <param name="Mean">Posterior mean.</param>
/// <param name="Sd">Posterior standard deviation.</param>
/// <param name="Median">Posterior median.</param>
/// <param name="Central">Equal-tailed credible interval.</param>
/// <param name="HighestDensity">Highest posterior density interval at the same level.</param>
/// <param name="ProbabilityPositive">P(parameter &gt; 0).</param>
/// <param name="Threshold">The user's threshold.</param>
/// <param name="ProbabilityAboveThreshold">P(parameter &gt; <paramref name="Threshold"/>).</param>
public sealed record PosteriorSummary(
    double Mean,
    double Sd,
    double Median,
    CredibleInterval Central,
    CredibleInterval HighestDensity,
    double ProbabilityPositive,
    double Threshold,
    double ProbabilityAboveThreshold);
