namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>What one NUTS transition reports besides the draw (Stan's <c>sampler_params</c>).</summary>
/// <param name="LogDensity">Log density at the draw (Stan's <c>lp__</c>, with Jacobian).</param>
/// <param name="AcceptStatistic">Mean Metropolis acceptance probability over the trajectory, which step-size adaptation targets.</param>
/// <param name="StepSize">Step size used.</param>
/// <param name="TreeDepth">Depth of the trajectory tree (2^depth - 1 leapfrog steps when it completes).</param>
/// <param name="LeapfrogSteps">Number of leapfrog steps, i.e. gradient evaluations.</param>
/// <param name="Divergent">Whether the trajectory diverged (energy error above 1000).</param>
/// <param name="Energy">Hamiltonian at the draw, for E-BFMI.</param>
public readonly record struct TransitionStatistics(
    double LogDensity,
    double AcceptStatistic,
    double StepSize,
    int TreeDepth,
    int LeapfrogSteps,
    bool Divergent,
    double Energy);
