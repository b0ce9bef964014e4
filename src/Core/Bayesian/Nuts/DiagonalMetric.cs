namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>A diagonal metric: M⁻¹ = diag(σ²₁, ..., σ²ₙ), the posterior variances of the unconstrained parameters.</summary>
public sealed class DiagonalMetric : Metric
{
    private readonly double[] inverseMetric;
    private readonly double[] momentumScale;

    /// <summary>A metric with the given diagonal of M⁻¹ (every element finite and positive).</summary>
    public DiagonalMetric(IReadOnlyList<double> inverseMetricDiagonal)
    {
        ArgumentNullException.ThrowIfNull(inverseMetricDiagonal);
        inverseMetric = inverseMetricDiagonal.ToArray();
        momentumScale = new double[inverseMetric.Length];
        for (var i = 0; i < inverseMetric.Length; i++)
        {
            if (!double.IsFinite(inverseMetric[i]) || inverseMetric[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inverseMetricDiagonal), "every element of the inverse metric must be finite and positive");
            }

            momentumScale[i] = 1 / Math.Sqrt(inverseMetric[i]);
        }
    }

    /// <summary>The unit metric of <paramref name="dimension"/> dimensions, where warm-up starts.</summary>
    public static DiagonalMetric Unit(int dimension) => new(Enumerable.Repeat(1.0, dimension).ToArray());

    /// <summary>The diagonal of M⁻¹.</summary>
    public IReadOnlyList<double> InverseMetricDiagonal => inverseMetric;

    /// <inheritdoc />
    public override int Dimension => inverseMetric.Length;

    /// <inheritdoc />
    public override void SampleMomentum(ChainRandom random, Span<double> momentum)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < momentum.Length; i++)
        {
            momentum[i] = random.NextStandardNormal() * momentumScale[i];
        }
    }

    /// <inheritdoc />
    public override double KineticEnergy(ReadOnlySpan<double> momentum)
    {
        var sum = 0.0;
        for (var i = 0; i < momentum.Length; i++)
        {
            sum += momentum[i] * momentum[i] * inverseMetric[i];
        }

        return 0.5 * sum;
    }

    /// <inheritdoc />
    public override void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity)
    {
        for (var i = 0; i < momentum.Length; i++)
        {
            velocity[i] = inverseMetric[i] * momentum[i];
        }
    }

    /// <inheritdoc />
    public override MetricEstimator CreateEstimator() => new DiagonalMetricEstimator(Dimension);
}
