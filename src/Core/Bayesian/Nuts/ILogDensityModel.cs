namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// The one thing the sampler needs from a model: the log posterior density, up to a constant, and its
/// gradient, both on the unconstrained scale.
/// </summary>
public interface ILogDensityModel
{
    /// <summary>Number of unconstrained parameters.</summary>
    int Dimension { get; }

    /// <summary>
    /// Writes the gradient of the log density at <paramref name="unconstrained"/> into
    /// <paramref name="gradient"/> and returns the log density.
    /// </summary>
    /// <remarks>
    /// The density includes the log Jacobian of every transform from the unconstrained to the natural
    /// scale. A point outside the support, or where the density cannot be evaluated, returns negative
    /// infinity (the sampler treats it as a divergence, never as an error).
    /// </remarks>
    double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient);
}
