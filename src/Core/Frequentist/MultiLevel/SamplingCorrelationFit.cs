namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>One point of a <see cref="SamplingCorrelationSweep"/>: the working correlation ρ and the model fitted with it.</summary>
/// <param name="Rho">The working correlation of the sampling errors within a cluster.</param>
/// <param name="Fit">The three-level model on V(ρ).</param>
public sealed record SamplingCorrelationFit(double Rho, ThreeLevelFit Fit);
