namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// What changes when one unit (a cluster, or one effect) is left out of a three-level fit, as metafor's
/// <c>cooks.distance</c>, <c>dfbetas</c> and <c>rstudent</c> for <c>rma.mv</c> with the variance components
/// re-estimated.
/// </summary>
/// <param name="Label">The cluster or effect left out.</param>
/// <param name="Rows">The effects left out, in data order.</param>
/// <param name="Without">The intercept of the model refitted without them (intercept-only models; else null).</param>
/// <param name="Sigma2Between">σ² between clusters without them.</param>
/// <param name="Sigma2Within">σ² within clusters without them.</param>
/// <param name="QeDeleted">QE of the refit.</param>
/// <param name="CooksDistance">(b - b₍ᵢ₎)'V⁻¹(b - b₍ᵢ₎), V the full model's covariance of b.</param>
/// <param name="Dfbetas">Per coefficient, (b - b₍ᵢ₎)/√diag(V₍ᵢ₎).</param>
/// <param name="Residuals">Deleted residuals yⱼ - xⱼ'b₍ᵢ₎ of the effects left out.</param>
/// <param name="ResidualStandardErrors">Their standard errors, √diag of M₍ᵢ₎ + X V₍ᵢ₎ X' on the rows left out, M₍ᵢ₎ their marginal covariance under the refit's variance components.</param>
/// <param name="ChiSquare">e'(M₍ᵢ₎ + X V₍ᵢ₎ X')⁻¹e over the rows left out, on as many degrees of freedom as rows; for one effect the squared studentized deleted residual.</param>
/// <param name="ChiSquarePValue">Its upper-tail p-value.</param>
/// <param name="IsInfluential">P(χ²_p ≤ Cook's distance) &gt; 0.5 or some |DFBETAS| &gt; 1 (for one effect also a hat value above 3p/k): metafor's rules for <c>influence.rma.uni</c> that carry over.</param>
/// <remarks>When the refit fails (a moderator level or every nested cluster vanishes) every figure is NaN and the flag false.</remarks>
public sealed record ThreeLevelDeletion(
    string Label,
    IReadOnlyList<int> Rows,
    CoefficientEstimate? Without,
    double Sigma2Between,
    double Sigma2Within,
    double QeDeleted,
    double CooksDistance,
    IReadOnlyList<double> Dfbetas,
    IReadOnlyList<double> Residuals,
    IReadOnlyList<double> ResidualStandardErrors,
    double ChiSquare,
    double ChiSquarePValue,
    bool IsInfluential)
{
    /// <summary>The studentized deleted residual of a single effect left out (NaN for a cluster of several).</summary>
    public double StudentizedResidual => Rows.Count == 1 ? Residuals[0] / ResidualStandardErrors[0] : double.NaN;
}
