using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// A coefficient averaged over compared models. <see cref="Conditional"/> averages over the models that
/// include it (metaBMA's averaged effect); the fully averaged posterior adds a point mass at 0 with the
/// probability of the models that fix it there (RoBMA's model-averaged estimate), whose distribution
/// function is P(X ≤ x) = π Conditional(x) + (1 − π) 1[x ≥ 0].
/// </summary>
public sealed class ModelAveragedEffect
{
    internal ModelAveragedEffect(NormalMixture conditional, double inclusionProbability, double logInclusionBayesFactor)
    {
        Conditional = conditional;
        InclusionProbability = inclusionProbability;
        LogInclusionBayesFactor = logInclusionBayesFactor;
    }

    /// <summary>The posterior averaged over the models that include the effect.</summary>
    public NormalMixture Conditional { get; }

    /// <summary>Posterior probability π of the models that include the effect.</summary>
    public double InclusionProbability { get; }

    /// <summary>log of the inclusion Bayes factor (posterior over prior inclusion odds); NaN when every model includes it.</summary>
    public double LogInclusionBayesFactor { get; }

    /// <summary>Mean of the fully averaged posterior, π E[Conditional].</summary>
    public double Mean => InclusionProbability * Conditional.Mean;

    /// <summary>Standard deviation of the fully averaged posterior.</summary>
    public double Sd
    {
        get
        {
            var second = InclusionProbability * (Conditional.Variance + (Conditional.Mean * Conditional.Mean));
            return Math.Sqrt(Math.Max(second - (Mean * Mean), 0));
        }
    }

    /// <summary>P(X ≤ <paramref name="x"/>) under the fully averaged posterior.</summary>
    public double Cdf(double x) => (InclusionProbability * Conditional.Cdf(x)) + (x >= 0 ? 1 - InclusionProbability : 0);

    /// <summary>P(X &gt; 0) under the fully averaged posterior.</summary>
    public double ProbabilityPositive => 1 - Cdf(0);

    /// <summary>The <paramref name="probability"/> quantile of the fully averaged posterior (0 when it falls in the point mass).</summary>
    public double Quantile(double probability)
    {
        Guard.Level(probability, "probability");
        var belowZero = InclusionProbability * Conditional.Cdf(0);
        if (probability < belowZero)
        {
            return Conditional.Quantile(probability / InclusionProbability);
        }

        if (probability <= belowZero + (1 - InclusionProbability))
        {
            return 0;
        }

        return Conditional.Quantile((probability - (1 - InclusionProbability)) / InclusionProbability);
    }
}
