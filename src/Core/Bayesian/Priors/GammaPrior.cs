using System.Globalization;
using MathNet.Numerics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Gamma prior on a positive parameter, density ∝ x^(shape-1) e^(-rate x).</summary>
public sealed class GammaPrior : PositivePrior
{
    private readonly double logNormalizer;

    internal GammaPrior(double shape, double rate, string field)
    {
        Guard.Positive(shape, $"{field}.shape");
        Guard.Positive(rate, $"{field}.rate");
        Shape = shape;
        Rate = rate;
        logNormalizer = (shape * Math.Log(rate)) - SpecialFunctions.GammaLn(shape);
    }

    /// <summary>Shape.</summary>
    public double Shape { get; }

    /// <summary>Rate (inverse scale).</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public override double LogDensity(double x) =>
        x > 0 ? logNormalizer + ((Shape - 1) * Math.Log(x)) - (Rate * x) : double.NegativeInfinity;

    /// <inheritdoc />
    public override double LogDensityDerivative(double x) => ((Shape - 1) / x) - Rate;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"gamma(shape = {Shape}, rate = {Rate})");
}
