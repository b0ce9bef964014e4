using System.Globalization;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>Uniform prior on a standard deviation over (0, upper).</summary>
public sealed class UniformPrior : ScalePrior
{
    internal UniformPrior(double upper, string field)
    {
        UpperBound = RequirePositive(upper, $"{field}.upper");
    }

    /// <summary>The upper end of the support.</summary>
    public double UpperBound { get; }

    /// <inheritdoc />
    public override double Upper => UpperBound;

    /// <inheritdoc />
    public override double LogDensity(double tau) => tau < 0 || tau > UpperBound ? double.NegativeInfinity : -Math.Log(UpperBound);

    /// <inheritdoc />
    public override double LogDensityDerivative(double tau) => 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"uniform(0, {UpperBound})");
}
