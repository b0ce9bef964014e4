using System.Globalization;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Half-normal prior on a standard deviation.</summary>
public sealed class HalfNormalPrior : ScalePrior
{
    private readonly double logNormalizer;

    internal HalfNormalPrior(double scale, string field)
    {
        Scale = RequirePositive(scale, $"{field}.scale");
        logNormalizer = Math.Log(2) - (0.5 * Math.Log(2 * Math.PI)) - Math.Log(Scale);
    }

    /// <summary>The scale (the standard deviation of the unfolded normal).</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override double LogDensity(double tau) =>
        tau < 0 ? double.NegativeInfinity : logNormalizer - (0.5 * tau * tau / (Scale * Scale));

    /// <inheritdoc />
    public override double LogDensityDerivative(double tau) => -tau / (Scale * Scale);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"half_normal(scale = {Scale})");
}
