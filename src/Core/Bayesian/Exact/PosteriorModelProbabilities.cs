namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>Posterior model probabilities from log marginal likelihoods and prior model probabilities.</summary>
/// <remarks>
/// P(m | y) = π_m exp(ℓ_m − ℓ_max) / Σ_j π_j exp(ℓ_j − ℓ_max): shifted by the largest ℓ so that no term
/// overflows or underflows to a total of 0.
/// </remarks>
public static class PosteriorModelProbabilities
{
    /// <summary>The posterior probability of each model; <paramref name="priorProbabilities"/> null means equal prior probabilities.</summary>
    public static double[] From(IReadOnlyList<double> logMarginalLikelihoods, IReadOnlyList<double>? priorProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(logMarginalLikelihoods);
        if (logMarginalLikelihoods.Count == 0)
        {
            return [];
        }

        var best = logMarginalLikelihoods.Max();
        var unnormalized = logMarginalLikelihoods.Select((l, i) => (priorProbabilities?[i] ?? 1) * Math.Exp(l - best)).ToArray();
        var total = unnormalized.Sum();
        return unnormalized.Select(u => u / total).ToArray();
    }
}
