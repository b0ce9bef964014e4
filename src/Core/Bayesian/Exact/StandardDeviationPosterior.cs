namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The exact marginal posterior of a standard deviation (τ, σ between, σ within), read from the
/// quadrature grid of the engine: distribution function and density from the panel interpolants,
/// moments from the nodes.
/// </summary>
public abstract class StandardDeviationPosterior : UnivariatePosterior
{
    private double? mean;
    private double? variance;

    /// <inheritdoc />
    public override double SupportLower => 0;

    /// <inheritdoc />
    public override double Mean => mean ??= Expectation(s => s);

    /// <inheritdoc />
    public override double Variance => variance ??= Expectation(s => s * s) - (Mean * Mean);

    /// <summary>E[g(σ)] under the posterior (e.g. g(σ) = σ² for the variance component).</summary>
    public abstract double Expectation(Func<double, double> g);
}
