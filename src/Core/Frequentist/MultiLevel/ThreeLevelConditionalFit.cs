using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The three-level model at fixed variance components: the generalized least-squares coefficients,
/// their covariance (X'V⁻¹X)⁻¹ and both log-likelihoods (with metafor's constants).
/// </summary>
/// <param name="Sigma2Between">σ² between clusters.</param>
/// <param name="Sigma2Within">σ² of effects within clusters.</param>
/// <param name="Beta">b = (X'V⁻¹X)⁻¹X'V⁻¹y.</param>
/// <param name="Covariance">(X'V⁻¹X)⁻¹.</param>
/// <param name="ResidualQuadraticForm">(y - Xb)'V⁻¹(y - Xb).</param>
/// <param name="LogLikelihood">Full (ML) log-likelihood at b.</param>
/// <param name="RestrictedLogLikelihood">Restricted (REML) log-likelihood.</param>
public sealed record ThreeLevelConditionalFit(
    double Sigma2Between,
    double Sigma2Within,
    IReadOnlyList<double> Beta,
    Matrix<double> Covariance,
    double ResidualQuadraticForm,
    double LogLikelihood,
    double RestrictedLogLikelihood);
