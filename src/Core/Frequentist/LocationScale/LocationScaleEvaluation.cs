using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>The location-scale model at one α: the profiled (restricted) log-likelihood, its gradient, and the location fit.</summary>
/// <param name="LogLikelihood">ℓ(α) with every constant metafor keeps.</param>
/// <param name="Gradient">∂ℓ/∂α.</param>
/// <param name="Beta">The weighted least-squares location coefficients at τ²_i = exp(z_i'α).</param>
/// <param name="Covariance">(X'WX)⁻¹.</param>
/// <param name="Tau2">τ²_i per study.</param>
public sealed record LocationScaleEvaluation(double LogLikelihood, IReadOnlyList<double> Gradient, IReadOnlyList<double> Beta, Matrix<double> Covariance, IReadOnlyList<double> Tau2);
