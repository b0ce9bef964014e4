using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// Divergent transitions: trajectories whose energy error exploded because the step size was too large
/// for the local curvature. Even a few mean the sampler cannot reach part of the posterior (typically a
/// funnel at small τ), so the draws may be biased.
/// </summary>
public static class Divergences
{
    /// <summary>Divergent kept transitions of every chain.</summary>
    public static int Count(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Chains.Sum(c => c.Statistics.Count(s => s.Divergent));
    }

    /// <summary>Divergent kept transitions of each chain.</summary>
    public static int[] PerChain(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Chains.Select(c => c.Statistics.Count(s => s.Divergent)).ToArray();
    }
}
