using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// A posterior density made samplable by NUTS with central finite-difference gradients, for the ensemble's
/// low-dimensional members whose analytic gradients (selection normalizers with one- and two-sided
/// intervals, study effects integrated by Gauss–Hermite) would each need their own derivation.
/// </summary>
/// <remarks>
/// The sampler stays exact: leapfrog steps driven by any force field that depends on position only are
/// volume-preserving and reversible, and NUTS weighs states by the exact density, so an approximate gradient
/// can only lower the acceptance rate, never bias the draws. A step of 1e-5 makes the gradient's error
/// (~1e-10 from truncation and rounding for these densities) far smaller than the integrator's own.
/// Costs 2d density evaluations per gradient.
/// </remarks>
public sealed class FiniteDifferenceGradientModel : IModel
{
    private const double Step = 1e-5;
    private readonly IPosteriorDensity density;

    /// <summary>Wraps <paramref name="density"/>.</summary>
    public FiniteDifferenceGradientModel(IPosteriorDensity density)
    {
        ArgumentNullException.ThrowIfNull(density);
        this.density = density;
    }

    /// <inheritdoc />
    public int Dimension => density.Dimension;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames => density.ParameterNames;

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames => density.ParameterNames;

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var value = density.LogDensity(unconstrained);
        if (!double.IsFinite(value))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }

        Span<double> point = stackalloc double[unconstrained.Length];
        unconstrained.CopyTo(point);
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = unconstrained[i] + Step;
            var up = density.LogDensity(point);
            point[i] = unconstrained[i] - Step;
            var down = density.LogDensity(point);
            point[i] = unconstrained[i];
            gradient[i] = (up - down) / (2 * Step);
        }

        return value;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output) => density.Constrain(unconstrained, output);

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained) => density.Unconstrain(constrained, unconstrained);
}
