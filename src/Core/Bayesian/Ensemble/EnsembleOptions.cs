using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>Settings of <see cref="RobustBayesianModelAveraging"/>.</summary>
public sealed record EnsembleOptions
{
    /// <summary>How members with a publication-bias adjustment are integrated (members without one always use the exact engine).</summary>
    public MarginalLikelihoodMethod BiasMembers { get; init; } = MarginalLikelihoodMethod.Quadrature;

    /// <summary>Quadrature settings for independent effects.</summary>
    public QuadratureOptions Quadrature { get; init; } = QuadratureOptions.Default;

    /// <summary>
    /// Quadrature settings for effects nested in studies, whose densities cost one study-effect integral per
    /// study and so get a smaller node budget.
    /// </summary>
    public QuadratureOptions NestedQuadrature { get; init; } = new() { NodeBudget = 16_000 };

    /// <summary>Importance draws per quadrature member, for its quantiles and a second marginal-likelihood estimate.</summary>
    public int ImportanceDraws { get; init; } = 4000;

    /// <summary>NUTS settings for <see cref="MarginalLikelihoodMethod.BridgeSampling"/>.</summary>
    public SamplerOptions Sampler { get; init; } = new() { Chains = 2, WarmupIterations = 500, SamplingIterations = 2000, MaxDegreeOfParallelism = 1 };

    /// <summary>The seed of every random stream (importance draws, sampler, bridge proposal); member m uses stream m.</summary>
    public ulong Seed { get; init; } = 20220101;

    /// <summary>How many members are fitted at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        Quadrature.Validate();
        NestedQuadrature.Validate();
        Sampler.Validate();
        if (ImportanceDraws < 100)
        {
            throw new InvalidInputException("ensemble.importance_draws", "must be at least 100");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new InvalidInputException("ensemble.max_degree_of_parallelism", "must be at least 1");
        }
    }
}
