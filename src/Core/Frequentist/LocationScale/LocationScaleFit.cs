using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>
/// A fitted location-scale model, with the figures metafor's <c>rma(yi, vi, mods, scale = ~ ...)</c>
/// reports: location coefficients β (z tests at the fitted τ²_i), scale coefficients α on the log scale
/// (z tests with the inverse Hessian's standard errors), the tests QM and QS, and the log-likelihood.
/// </summary>
/// <param name="Location">β, intercept first; standard errors from (X'WX)⁻¹ at the fitted τ²_i (α's uncertainty is not propagated).</param>
/// <param name="LocationCovariance">(X'WX)⁻¹.</param>
/// <param name="Scale">α, intercept first; standard errors from the inverse of the numerical Hessian of -ℓ(α).</param>
/// <param name="ScaleCovariance">The inverse Hessian of -ℓ(α).</param>
/// <param name="LocationTest">QM, the Wald test of the location moderators (of the intercept when there are none).</param>
/// <param name="ScaleTest">QS, the Wald test of the scale moderators (of the scale intercept when there are none).</param>
/// <param name="Tau2">The fitted τ²_i = exp(z_i'α), one per study.</param>
/// <param name="Statistics">Log-likelihood (restricted for REML) and information criteria.</param>
/// <param name="Converged">Whether the maximizer met its gradient criterion.</param>
public sealed record LocationScaleFit(
    IReadOnlyList<CoefficientEstimate> Location,
    Matrix<double> LocationCovariance,
    IReadOnlyList<CoefficientEstimate> Scale,
    Matrix<double> ScaleCovariance,
    ModeratorTest LocationTest,
    ModeratorTest ScaleTest,
    IReadOnlyList<double> Tau2,
    FitStatistics Statistics,
    bool Converged);
