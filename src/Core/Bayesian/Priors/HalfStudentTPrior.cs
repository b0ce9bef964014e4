using System.Globalization;
using MathNet.Numerics;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Half-Student-t prior on a standard deviation (half-Cauchy when df = 1).</summary>
public sealed class HalfStudentTPrior : ScalePrior
{
    private readonly double logNormalizer;

    internal HalfStudentTPrior(double degreesOfFreedom, double scale, string field)
    {
        DegreesOfFreedom = RequirePositive(degreesOfFreedom, $"{field}.df");
        Scale = RequirePositive(scale, $"{field}.scale");
        var nu = DegreesOfFreedom;
        logNormalizer = Math.Log(2) + SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2)
            - (0.5 * Math.Log(nu * Math.PI)) - Math.Log(Scale);
    }

    /// <summary>Degrees of freedom.</summary>
    public double DegreesOfFreedom { get; }

    /// <summary>Scale.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override double LogDensity(double tau)
    {
        if (tau < 0)
        {
            return double.NegativeInfinity;
        }

        var z = tau / Scale;
        return logNormalizer - ((DegreesOfFreedom + 1) / 2 * Math.Log(1 + (z * z / DegreesOfFreedom)));
    }

    /// <inheritdoc />
    public override double LogDensityDerivative(double tau)
    {
        var nu = DegreesOfFreedom;
        return -(nu + 1) * tau / ((nu * Scale * Scale) + (tau * tau));
    }

    /// <inheritdoc />
    public override string ToString() => DegreesOfFreedom == 1
        ? string.Create(CultureInfo.InvariantCulture, $"half_cauchy(scale = {Scale})")
        : string.Create(CultureInfo.InvariantCulture, $"half_t(df = {DegreesOfFreedom}, scale = {Scale})");
}
