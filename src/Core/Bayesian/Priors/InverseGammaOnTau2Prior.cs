using System.Globalization;
using MathNet.Numerics;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Inverse-gamma prior on τ², carried over to τ with the Jacobian 2τ.</summary>
public sealed class InverseGammaOnTau2Prior : ScalePrior
{
    private readonly double logNormalizer;

    internal InverseGammaOnTau2Prior(double shape, double scale, string field)
    {
        Shape = RequirePositive(shape, $"{field}.shape");
        Scale = RequirePositive(scale, $"{field}.scale");
        logNormalizer = (Shape * Math.Log(Scale)) - SpecialFunctions.GammaLn(Shape) + Math.Log(2);
    }

    /// <summary>Shape of the inverse-gamma on τ².</summary>
    public double Shape { get; }

    /// <summary>Scale of the inverse-gamma on τ².</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override double LogDensity(double tau)
    {
        if (tau <= 0)
        {
            return double.NegativeInfinity;
        }

        // log IG(τ²) + log 2τ = shape log b - lgamma(a) - (a + 1) log τ² - b/τ² + log 2 + log τ
        var tau2 = tau * tau;
        return logNormalizer - ((Shape + 1) * Math.Log(tau2)) - (Scale / tau2) + Math.Log(tau);
    }

    /// <inheritdoc />
    public override double LogDensityDerivative(double tau) =>
        (-2 * (Shape + 1) / tau) + (2 * Scale / (tau * tau * tau)) + (1 / tau);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"inv_gamma_tau2(shape = {Shape}, scale = {Scale})");
}
