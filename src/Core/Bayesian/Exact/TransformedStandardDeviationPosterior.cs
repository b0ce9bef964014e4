namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The posterior of an increasing function h(σ) of a standard deviation, such as τ² or
/// I² = τ² / (τ² + s²): quantiles are h of σ's quantiles, the density carries the Jacobian, and moments
/// are integrated on σ's grid.
/// </summary>
internal sealed class TransformedStandardDeviationPosterior : UnivariatePosterior
{
    private readonly StandardDeviationPosterior source;
    private readonly Func<double, double> transform;
    private readonly Func<double, double> inverse;
    private readonly Func<double, double> derivative;
    private double? mean;
    private double? variance;

    /// <param name="source">The posterior of σ.</param>
    /// <param name="transform">h, increasing on [0, ∞).</param>
    /// <param name="inverse">h⁻¹.</param>
    /// <param name="derivative">h'(σ).</param>
    /// <param name="supportUpper">h(∞).</param>
    public TransformedStandardDeviationPosterior(
        StandardDeviationPosterior source,
        Func<double, double> transform,
        Func<double, double> inverse,
        Func<double, double> derivative,
        double supportUpper)
    {
        this.source = source;
        this.transform = transform;
        this.inverse = inverse;
        this.derivative = derivative;
        SupportUpper = supportUpper;
    }

    /// <inheritdoc />
    public override double SupportLower => transform(0);

    /// <inheritdoc />
    public override double SupportUpper { get; }

    /// <inheritdoc />
    public override double Mean => mean ??= source.Expectation(transform);

    /// <inheritdoc />
    public override double Variance => variance ??= source.Expectation(s => transform(s) * transform(s)) - (Mean * Mean);

    /// <inheritdoc />
    public override double Cdf(double x) => x <= SupportLower ? 0 : x >= SupportUpper ? 1 : source.Cdf(inverse(x));

    /// <inheritdoc />
    public override double Density(double x)
    {
        if (x < SupportLower || x >= SupportUpper)
        {
            return 0;
        }

        var sigma = inverse(x);
        var slope = derivative(sigma);
        var density = source.Density(sigma);

        // Where h' = 0 (τ² at τ = 0) a positive density of σ becomes an infinite density of h(σ).
        return slope > 0 ? density / slope : density > 0 ? double.PositiveInfinity : 0;
    }

    /// <inheritdoc />
    public override double Quantile(double probability) => transform(source.Quantile(probability));
}
