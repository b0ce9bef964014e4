using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>The dose-response part of a model: the curve, the scale and, for linear-in-coefficient curves, the basis.</summary>
/// <param name="Curve">The curve.</param>
/// <param name="Scale">Doses are divided by this before fitting.</param>
/// <param name="Doses">Each effect's dose as given (unscaled).</param>
/// <param name="Basis">The basis of a linear, logarithmic, quadratic or spline curve (it scales doses itself); null for Emax.</param>
/// <param name="ModeratorColumns">Columns of the design after the dose basis (further moderators).</param>
public sealed record DoseDesign(DoseResponseCurve Curve, double Scale, IReadOnlyList<double> Doses, DoseResponseBasis? Basis, int ModeratorColumns)
{
    /// <summary>The scaled doses (what an Emax curve is fitted on).</summary>
    public double[] ScaledDoses => Doses.Select(d => d / Scale).ToArray();

    /// <summary>The design row of an unscaled dose, zeros for the further moderators (linear-in-coefficient curves).</summary>
    public double[] Row(double dose) => Basis is null ? [] : [.. Basis.Row(dose), .. new double[ModeratorColumns]];
}
