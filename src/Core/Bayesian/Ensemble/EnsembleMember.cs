namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// One model of an ensemble: whether it has an effect (μ free, else μ = 0), heterogeneity (τ free, or
/// σ_between and σ_within for nested effects; else all 0), and its publication-bias adjustment.
/// </summary>
/// <param name="HasEffect">μ is free (else fixed at 0).</param>
/// <param name="HasHeterogeneity">The standard deviations are free (else fixed at 0: the common-effect model).</param>
/// <param name="Bias">The publication-bias adjustment (<see cref="BiasAdjustment.None"/> for none).</param>
/// <param name="PriorProbability">Prior model probability (the ensemble's add up to 1).</param>
public sealed record EnsembleMember(bool HasEffect, bool HasHeterogeneity, BiasAdjustment Bias, double PriorProbability)
{
    /// <summary>Whether the member adjusts for publication bias.</summary>
    public bool HasBias => !Bias.IsNone;

    /// <summary>A label such as <c>effect, heterogeneity, PET ~ half_cauchy(scale = 1)</c>.</summary>
    public string Name => $"{(HasEffect ? "effect" : "no effect")}, {(HasHeterogeneity ? "heterogeneity" : "no heterogeneity")}, bias: {Bias.Label}";
}
