using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Priors on a standard deviation (τ, σ), named by their parameterisation.</summary>
public static class ScalePriors
{
    /// <summary>Half-normal on τ with the given scale.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not above 0.</exception>
    public static ScalePriorSpec HalfNormal(double scale) =>
        new() { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = Arguments.Positive(scale, nameof(scale)) } };

    /// <summary>Half-Cauchy on τ with the given scale.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not above 0.</exception>
    public static ScalePriorSpec HalfCauchy(double scale) =>
        new() { HalfCauchy = new ScalePriorSpec.Types.HalfCauchy { Scale = Arguments.Positive(scale, nameof(scale)) } };

    /// <summary>Half-Student-t on τ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not above 0.</exception>
    public static ScalePriorSpec HalfStudentT(double degreesOfFreedom, double scale) => new()
    {
        HalfT = new ScalePriorSpec.Types.HalfStudentT
        {
            Df = Arguments.Positive(degreesOfFreedom, nameof(degreesOfFreedom)),
            Scale = Arguments.Positive(scale, nameof(scale)),
        },
    };

    /// <summary>Uniform on τ over (0, upper).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="upper"/> is not above 0.</exception>
    public static ScalePriorSpec Uniform(double upper) =>
        new() { Uniform = new ScalePriorSpec.Types.UniformScale { Upper = Arguments.Positive(upper, nameof(upper)) } };

    /// <summary>Inverse-gamma on τ².</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not above 0.</exception>
    public static ScalePriorSpec InverseGammaOnTau2(double shape, double scale) => new()
    {
        InvGammaTau2 = new ScalePriorSpec.Types.InverseGammaOnTau2
        {
            Shape = Arguments.Positive(shape, nameof(shape)),
            Scale = Arguments.Positive(scale, nameof(scale)),
        },
    };

    /// <summary>Log-normal on τ²: log τ² ~ N(meanlog, sdlog²).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="meanLog"/> is not finite or <paramref name="sdLog"/> is not above 0.</exception>
    public static ScalePriorSpec LogNormalOnTau2(double meanLog, double sdLog) => new()
    {
        LogNormalTau2 = new ScalePriorSpec.Types.LogNormalOnTau2
        {
            Meanlog = Arguments.Finite(meanLog, nameof(meanLog)),
            Sdlog = Arguments.Positive(sdLog, nameof(sdLog)),
        },
    };

    /// <summary>
    /// A density given at points of τ, linear in between and 0 outside (e.g. an empirical prior such as
    /// Turner's or Rhodes' predictive distributions, tabulated). The density need not integrate to 1.
    /// </summary>
    /// <param name="tau">The points, increasing, at least two, none below 0.</param>
    /// <param name="density">The density at each point, none below 0.</param>
    /// <exception cref="ArgumentException">The two lists differ in length or have fewer than two points.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A point is negative or out of order, or a density is negative.</exception>
    public static ScalePriorSpec Tabulated(IReadOnlyList<double> tau, IReadOnlyList<double> density)
    {
        ArgumentNullException.ThrowIfNull(tau);
        ArgumentNullException.ThrowIfNull(density);
        if (tau.Count < 2 || tau.Count != density.Count)
        {
            throw new ArgumentException($"needs at least two points and one density per point (got {tau.Count} points, {density.Count} densities)", nameof(density));
        }

        var table = new ScalePriorSpec.Types.Tabulated();
        for (var i = 0; i < tau.Count; i++)
        {
            Arguments.NonNegative(tau[i], $"{nameof(tau)}[{i}]");
            if (i > 0 && tau[i] <= tau[i - 1])
            {
                throw new ArgumentOutOfRangeException($"{nameof(tau)}[{i}]", tau[i], "the points must increase");
            }

            table.Tau.Add(tau[i]);
            table.Density.Add(Arguments.NonNegative(density[i], $"{nameof(density)}[{i}]"));
        }

        return new ScalePriorSpec { Tabulated = table };
    }
}
