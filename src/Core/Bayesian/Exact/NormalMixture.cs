using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// A finite mixture of normal distributions Σ π_j N(m_j, s_j²): the exact posterior of any linear function
/// of the coefficients (and of study effects and predictions), which is normal given the variance
/// components and is mixed over the quadrature nodes of their posterior.
/// </summary>
/// <remarks>
/// Mean and variance use every component. The distribution function, density and quantiles leave out the
/// lightest components whose weights add up to at most 1e-13 (they cannot move a probability by more),
/// which keeps the number of normal distribution functions per evaluation small. Quantiles start from
/// the Cornish–Fisher expansion with the mixture's exact skewness and kurtosis, so Newton's method needs
/// two or three steps; highest-density intervals use the density's exact slope.
/// </remarks>
public sealed class NormalMixture : UnivariatePosterior
{
    private const double NegligibleMass = 1e-13;
    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    private readonly double[] weights;
    private readonly double[] means;
    private readonly double[] sds;
    private readonly double mean;
    private readonly double variance;
    private readonly double thirdMoment;
    private readonly double fourthMoment;

    /// <summary>A mixture of the given components; the weights are normalized.</summary>
    public NormalMixture(IReadOnlyList<double> weights, IReadOnlyList<double> means, IReadOnlyList<double> sds)
        : this(weights, means, sds, weights)
    {
    }

    /// <summary>
    /// A mixture whose moments use <paramref name="weights"/> and whose distribution function uses
    /// <paramref name="distributionWeights"/> (the embedded Gauss rule's weights of a two-dimensional
    /// integral, zero at the Kronrod-only nodes).
    /// </summary>
    internal NormalMixture(IReadOnlyList<double> weights, IReadOnlyList<double> means, IReadOnlyList<double> sds, IReadOnlyList<double> distributionWeights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(sds);
        if (weights.Count == 0 || weights.Count != means.Count || weights.Count != sds.Count || weights.Count != distributionWeights.Count)
        {
            throw new ArgumentException("a mixture needs the same positive number of weights, means and standard deviations");
        }

        Guard.NonNegative(weights, "weights");
        Guard.Finite(means, "means");
        Guard.Positive(sds, "sds");
        var total = weights.Sum();
        if (!(total > 0))
        {
            throw new InvalidInputException("weights", "at least one weight must be positive");
        }

        var m1 = 0.0;
        for (var j = 0; j < weights.Count; j++)
        {
            m1 += weights[j] / total * means[j];
        }

        double m2 = 0, m3 = 0, m4 = 0;
        for (var j = 0; j < weights.Count; j++)
        {
            // Central moments of each component about the mixture mean.
            var w = weights[j] / total;
            double d = means[j] - m1, s2 = sds[j] * sds[j];
            m2 += w * ((d * d) + s2);
            m3 += w * ((d * d * d) + (3 * d * s2));
            m4 += w * ((d * d * d * d) + (6 * d * d * s2) + (3 * s2 * s2));
        }

        mean = m1;
        variance = m2;
        thirdMoment = m3;
        fourthMoment = m4;
        (this.weights, this.means, this.sds) = Prune(distributionWeights, means, sds);
    }

    private NormalMixture(double mean, double variance, double thirdMoment, double fourthMoment, (double[] Weights, double[] Means, double[] Sds) components)
    {
        this.mean = mean;
        this.variance = variance;
        this.thirdMoment = thirdMoment;
        this.fourthMoment = fourthMoment;
        (weights, means, sds) = Prune(components.Weights, components.Means, components.Sds);
    }

    /// <inheritdoc />
    public override double Mean => mean;

    /// <inheritdoc />
    public override double Variance => variance;

    /// <summary>Number of components used by the distribution function.</summary>
    public int ComponentCount => weights.Length;

    /// <summary>
    /// The mixture Σ P_m X_m of several mixtures with probabilities <paramref name="parts"/>.Probability
    /// (model averaging); moments combine exactly, components are pooled.
    /// </summary>
    public static NormalMixture Combine(IReadOnlyList<(double Probability, NormalMixture Mixture)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var total = parts.Sum(p => p.Probability);
        if (parts.Count == 0 || !(total > 0))
        {
            throw new ArgumentException("model averaging needs at least one mixture with positive probability");
        }

        var mean = parts.Sum(p => p.Probability / total * p.Mixture.mean);
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var (probability, mixture) in parts)
        {
            // Shift each part's central moments to the combined mean.
            var w = probability / total;
            var d = mixture.mean - mean;
            double v = mixture.variance, c3 = mixture.thirdMoment, c4 = mixture.fourthMoment;
            m2 += w * (v + (d * d));
            m3 += w * (c3 + (3 * d * v) + (d * d * d));
            m4 += w * (c4 + (4 * d * c3) + (6 * d * d * v) + (d * d * d * d));
        }

        var weights = parts.SelectMany(p => p.Mixture.weights.Select(w => w * p.Probability / total)).ToArray();
        var means = parts.SelectMany(p => p.Mixture.means).ToArray();
        var sds = parts.SelectMany(p => p.Mixture.sds).ToArray();
        return new NormalMixture(mean, m2, m3, m4, (weights, means, sds));
    }

    /// <inheritdoc />
    public override double Cdf(double x)
    {
        var sum = 0.0;
        for (var j = 0; j < weights.Length; j++)
        {
            sum += weights[j] * 0.5 * SpecialFunctions.Erfc((means[j] - x) / (sds[j] * Constants.Sqrt2));
        }

        return Math.Clamp(sum, 0, 1);
    }

    /// <inheritdoc />
    public override double Density(double x) => DensityAndSlope(x).Density;

    /// <inheritdoc />
    protected override double InitialQuantile(double probability)
    {
        // Cornish–Fisher: z + (z² − 1)γ₁/6 + (z³ − 3z)γ₂/24 − (2z³ − 5z)γ₁²/36.
        var skewness = variance > 0 ? thirdMoment / Math.Pow(variance, 1.5) : 0;
        var excessKurtosis = variance > 0 ? (fourthMoment / (variance * variance)) - 3 : 0;
        var z = Normal.InvCDF(0, 1, probability);
        var w = z + ((z * z) - 1) * skewness / 6
            + (((z * z * z) - (3 * z)) * excessKurtosis / 24)
            - (((2 * z * z * z) - (5 * z)) * skewness * skewness / 36);
        return mean + (Sd * w);
    }

    /// <inheritdoc />
    protected override double DensitySlope(double x) => DensityAndSlope(x).Slope;

    private (double Density, double Slope) DensityAndSlope(double x)
    {
        double density = 0, slope = 0;
        for (var j = 0; j < weights.Length; j++)
        {
            var z = (x - means[j]) / sds[j];
            var value = weights[j] * InverseSqrtTwoPi * Math.Exp(-0.5 * z * z) / sds[j];
            density += value;
            slope -= value * z / sds[j];
        }

        return (density, slope);
    }

    /// <summary>The components with positive weight, less the lightest ones whose weights add up to at most <see cref="NegligibleMass"/>.</summary>
    private static (double[] Weights, double[] Means, double[] Sds) Prune(IReadOnlyList<double> weights, IReadOnlyList<double> means, IReadOnlyList<double> sds)
    {
        var total = weights.Sum();
        var order = Enumerable.Range(0, weights.Count).Where(j => weights[j] > 0).OrderBy(j => weights[j]).ToArray();
        var dropped = 0.0;
        var skip = 0;
        while (skip < order.Length - 1 && dropped + (weights[order[skip]] / total) <= NegligibleMass)
        {
            dropped += weights[order[skip]] / total;
            skip++;
        }

        var kept = order.Skip(skip).ToArray();
        var keptTotal = kept.Sum(j => weights[j]);
        return (kept.Select(j => weights[j] / keptTotal).ToArray(), kept.Select(j => means[j]).ToArray(), kept.Select(j => sds[j]).ToArray());
    }
}
