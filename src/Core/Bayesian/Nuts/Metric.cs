namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// The Euclidean metric of the Hamiltonian: momenta p ~ N(0, M), kinetic energy K(p) = ½ pᵀ M⁻¹ p. The
/// inverse metric M⁻¹ is what warm-up estimates (the posterior covariance of the unconstrained
/// parameters, or its diagonal).
/// </summary>
public abstract class Metric
{
    /// <summary>Number of dimensions.</summary>
    public abstract int Dimension { get; }

    /// <summary>Draws a momentum p ~ N(0, M).</summary>
    public abstract void SampleMomentum(ChainRandom random, Span<double> momentum);

    /// <summary>K(p) = ½ pᵀ M⁻¹ p.</summary>
    public abstract double KineticEnergy(ReadOnlySpan<double> momentum);

    /// <summary>dK/dp = M⁻¹ p, the velocity of the position (Stan's <c>dtau_dp</c>, the "sharp" momentum).</summary>
    public abstract void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity);

    /// <summary>A fresh estimator of this kind of metric, for warm-up windows.</summary>
    public abstract MetricEstimator CreateEstimator();
}
