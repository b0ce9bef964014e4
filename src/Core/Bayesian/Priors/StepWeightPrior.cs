namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// The prior of the relative publication probabilities ω₁ = 1, ω₂, ..., ω_J of a step-function selection
/// model, with the transform that maps J - 1 unconstrained coordinates onto them.
/// </summary>
/// <remarks>
/// Weights are indexed from 0 here: weights[0] = ω₁ = 1 (the most significant interval) is not a parameter.
/// <see cref="Constrain"/> returns log prior + log Jacobian, the term the sampler's log density needs.
/// </remarks>
public abstract class StepWeightPrior
{
    /// <summary>Number of intervals J (cut points + 1).</summary>
    public abstract int Intervals { get; }

    /// <summary>Writes ω₁..ω_J (ω₁ = 1) from the J - 1 coordinates and returns log prior density + log Jacobian.</summary>
    public abstract double Constrain(ReadOnlySpan<double> unconstrained, Span<double> weights);

    /// <summary>
    /// The gradient in the coordinates of (log likelihood + log prior + log Jacobian), given the likelihood's
    /// gradient in the weights <paramref name="weightGradient"/> (entry 0, for the fixed ω₁, ignored).
    /// </summary>
    public abstract void Gradient(ReadOnlySpan<double> unconstrained, ReadOnlySpan<double> weights, ReadOnlySpan<double> weightGradient, Span<double> unconstrainedGradient);

    /// <summary>The coordinates of weights ω₁..ω_J.</summary>
    public abstract void Unconstrain(ReadOnlySpan<double> weights, Span<double> unconstrained);

    /// <summary>Independent uniform priors on ω₂..ω_J ∈ (0, 1).</summary>
    public static StepWeightPrior IndependentUniform(int intervals) => new IndependentUniformStepWeights(intervals);

    /// <summary>RoBMA's cumulative Dirichlet: η ~ Dirichlet(<paramref name="alpha"/>), ωⱼ = ηⱼ + ... + η_J (one α per interval).</summary>
    public static StepWeightPrior CumulativeDirichlet(IReadOnlyList<double> alpha) => new CumulativeDirichletStepWeights(alpha);
}
