namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>One member's marginal posterior of a parameter: moments and distribution function.</summary>
/// <param name="Mean">Posterior mean.</param>
/// <param name="Variance">Posterior variance.</param>
/// <param name="Cdf">P(parameter ≤ x).</param>
internal sealed record MarginalPosterior(double Mean, double Variance, Func<double, double> Cdf)
{
    /// <summary>The point mass at 0 of a member that fixes the parameter there.</summary>
    public static MarginalPosterior AtZero { get; } = new(0, 0, x => x >= 0 ? 1 : 0);
}

/// <summary>
/// A mixture of members' marginal posteriors: F(x) = Σₘ pₘ Fₘ(x), mean Σ pₘ μₘ, variance Σ pₘ (σ²ₘ + μ²ₘ) − μ²,
/// quantiles by bisection on F (which may jump at a point mass).
/// </summary>
internal static class PosteriorMixture
{
    public static AveragedEstimate Summarize(string parameter, IReadOnlyList<(double Probability, MarginalPosterior Posterior)> parts, double inclusionProbability)
    {
        var total = parts.Sum(p => p.Probability);
        var mean = parts.Sum(p => p.Probability * p.Posterior.Mean) / total;
        var second = parts.Sum(p => p.Probability * (p.Posterior.Variance + (p.Posterior.Mean * p.Posterior.Mean))) / total;
        var low = parts.Min(p => p.Posterior.Mean - (12 * Math.Sqrt(p.Posterior.Variance))) - 1e-9;
        var high = parts.Max(p => p.Posterior.Mean + (12 * Math.Sqrt(p.Posterior.Variance))) + 1e-9;
        double Cdf(double x) => parts.Sum(p => p.Probability * p.Posterior.Cdf(x)) / total;
        double Quantile(double probability)
        {
            double a = low, b = high;
            for (var iteration = 0; iteration < 100 && b - a > 1e-10 * Math.Max(1, Math.Abs(a) + Math.Abs(b)); iteration++)
            {
                var middle = 0.5 * (a + b);
                if (Cdf(middle) < probability)
                {
                    a = middle;
                }
                else
                {
                    b = middle;
                }
            }

            // A quantile that falls inside a point mass at 0 is 0 exactly.
            return Math.Abs(b) < 1e-9 ? 0 : b;
        }

        return new AveragedEstimate(parameter, mean, Math.Sqrt(Math.Max(second - (mean * mean), 0)), Quantile(0.5), Quantile(0.025), Quantile(0.975), inclusionProbability);
    }
}
