namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>A running summary of one output quantity over the kept draws of a chain so far.</summary>
public readonly record struct RunningSummary(string Name, double Mean, double Sd);

/// <summary>Where one chain is, reported every <see cref="SamplerOptions.ProgressInterval"/> iterations.</summary>
/// <param name="Chain">The chain (0-based).</param>
/// <param name="Iteration">Iterations completed, warm-up included.</param>
/// <param name="TotalIterations">Warm-up plus sampling iterations.</param>
/// <param name="IsWarmup">Whether the chain is still warming up.</param>
/// <param name="StepSize">The current step size.</param>
/// <param name="Divergences">Divergent transitions among the kept draws so far.</param>
/// <param name="Summaries">Running mean and sd of every output over the kept draws so far (empty during warm-up).</param>
public sealed record SamplingProgress(
    int Chain,
    int Iteration,
    int TotalIterations,
    bool IsWarmup,
    double StepSize,
    int Divergences,
    IReadOnlyList<RunningSummary> Summaries)
{
    /// <summary>Fraction of this chain's iterations completed.</summary>
    public double Fraction => (double)Iteration / TotalIterations;
}
