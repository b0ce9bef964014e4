using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Cli.Plans;

/// <summary>NUTS settings of a model; the seed makes a rerun give the same draws.</summary>
/// <param name="Chains">Number of chains.</param>
/// <param name="Warmup">Warm-up iterations per chain.</param>
/// <param name="Iterations">Kept iterations per chain.</param>
/// <param name="Seed">Seed of the chains' random streams.</param>
/// <param name="TargetAcceptance">Target acceptance rate of the step-size adaptation.</param>
public sealed record SamplerPlan(int Chains = 4, int Warmup = 1000, int Iterations = 1000, ulong Seed = 20240601, double TargetAcceptance = 0.9)
{
    /// <summary>The sampler's options.</summary>
    public SamplerOptions ToOptions() => new()
    {
        Chains = Chains,
        WarmupIterations = Warmup,
        SamplingIterations = Iterations,
        Seed = Seed,
        TargetAcceptance = TargetAcceptance,
        ProgressInterval = 50,
    };
}
