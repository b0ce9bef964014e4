namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// An unnormalized posterior density on unconstrained coordinates whose integral is the model's marginal
/// likelihood: log prior (normalized) + log likelihood (with every constant) + log Jacobian of the
/// transforms to the natural scale. Quadrature, bridge sampling and the sampler all read it.
/// </summary>
/// <remarks>Every member must be safe to call from several threads at once (scratch space on the stack).</remarks>
public interface IPosteriorDensity
{
    /// <summary>Number of unconstrained coordinates (0 when every parameter is fixed).</summary>
    int Dimension { get; }

    /// <summary>Names of the parameters on their natural scale, one per coordinate.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>log p(θ) + log p(y | θ) + log |dθ/du| at <paramref name="unconstrained"/>; −∞ where it cannot be evaluated.</summary>
    double LogDensity(ReadOnlySpan<double> unconstrained);

    /// <summary>The parameters on their natural scale.</summary>
    void Constrain(ReadOnlySpan<double> unconstrained, Span<double> natural);

    /// <summary>The coordinates of parameters given on their natural scale.</summary>
    void Unconstrain(ReadOnlySpan<double> natural, Span<double> unconstrained);

    /// <summary>A reasonable starting point for a mode search or a sampler.</summary>
    void InitialPoint(Span<double> unconstrained);
}
