using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>Settings of a NUTS run. Defaults are Stan's.</summary>
public sealed record SamplerOptions
{
    /// <summary>Number of chains (run in parallel).</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warm-up iterations per chain (adaptation; not kept).</summary>
    public int WarmupIterations { get; init; } = 1000;

    /// <summary>Kept iterations per chain.</summary>
    public int SamplingIterations { get; init; } = 1000;

    /// <summary>The run's seed; chain c uses the stream derived from (seed, c), so a run is reproducible.</summary>
    public ulong Seed { get; init; } = 20240601;

    /// <summary>δ, the target mean acceptance statistic of step-size adaptation.</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>The maximum tree depth (at most 2^depth - 1 leapfrog steps per iteration).</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>Diagonal or dense metric.</summary>
    public MetricKind Metric { get; init; } = MetricKind.Diagonal;

    /// <summary>The step size before its initialization heuristic runs.</summary>
    public double InitialStepSize { get; init; } = 1;

    /// <summary>Initial values are drawn uniformly in (-radius, radius) on the unconstrained scale.</summary>
    public double InitialRadius { get; init; } = 2;

    /// <summary>How many chains may run at once (default: the number of processors).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Progress is reported every this many iterations of each chain (and at the end).</summary>
    public int ProgressInterval { get; init; } = 100;

    /// <summary>Checks every setting, naming the field at fault.</summary>
    public void Validate()
    {
        PositiveCount(Chains, "sampler.chains");
        PositiveCount(SamplingIterations, "sampler.sampling_iterations");
        if (WarmupIterations < 0)
        {
            throw new InvalidInputException("sampler.warmup_iterations", "must be at least 0");
        }

        if (!(TargetAcceptance > 0 && TargetAcceptance < 1))
        {
            throw new InvalidInputException("sampler.target_acceptance", "must be strictly between 0 and 1");
        }

        if (MaxTreeDepth < 1 || MaxTreeDepth > 20)
        {
            throw new InvalidInputException("sampler.max_tree_depth", "must be between 1 and 20");
        }

        Guard.Positive(InitialStepSize, "sampler.initial_step_size");
        Guard.Positive(InitialRadius, "sampler.initial_radius");
        PositiveCount(MaxDegreeOfParallelism, "sampler.max_degree_of_parallelism");
        PositiveCount(ProgressInterval, "sampler.progress_interval");
    }

    private static void PositiveCount(int value, string field)
    {
        if (value < 1)
        {
            throw new InvalidInputException(field, $"must be at least 1, got {value}");
        }
    }
}
