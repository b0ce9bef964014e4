namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>The case diagnostics of one study, as metafor's <c>influence.rma.uni</c>.</summary>
/// <param name="Label">The study.</param>
/// <param name="StudentizedResidual">Studentized deleted residual (yᵢ - xᵢ'b₍ᵢ₎)/√(s²₍ᵢ₎(vᵢ + τ²₍ᵢ₎) + xᵢ'V₍ᵢ₎xᵢ).</param>
/// <param name="Dffits">(xᵢ'b - xᵢ'b₍ᵢ₎)/√(s²₍ᵢ₎ hᵢ (τ²₍ᵢ₎ + vᵢ)).</param>
/// <param name="CooksDistance">(b - b₍ᵢ₎)'V⁻¹(b - b₍ᵢ₎), V the full model's covariance.</param>
/// <param name="CovarianceRatio">det V₍ᵢ₎ / det V.</param>
/// <param name="Tau2Deleted">τ² without the study.</param>
/// <param name="QeDeleted">Q (QE) without the study.</param>
/// <param name="Hat">The study's hat value in the full model.</param>
/// <param name="Weight">The study's weight in the full model, in percent.</param>
/// <param name="Dfbetas">Per coefficient, (b - b₍ᵢ₎)/√(s²₍ᵢ₎ diag((X'W₍ᵢ₎X)⁻¹)) with W₍ᵢ₎ built from τ²₍ᵢ₎ on all studies.</param>
/// <param name="IsInfluential">metafor's flag: |DFFITS| &gt; 3√(p/(k - p)), or P(χ²_p ≤ Cook's D) &gt; 0.5, or hᵢ &gt; 3p/k, or some |DFBETAS| &gt; 1.</param>
/// <remarks>The refit without the study can fail (it leaves a moderator level empty); its fields are then NaN and the flag false.</remarks>
public sealed record InfluenceRow(
    string Label,
    double StudentizedResidual,
    double Dffits,
    double CooksDistance,
    double CovarianceRatio,
    double Tau2Deleted,
    double QeDeleted,
    double Hat,
    double Weight,
    IReadOnlyList<double> Dfbetas,
    bool IsInfluential);
