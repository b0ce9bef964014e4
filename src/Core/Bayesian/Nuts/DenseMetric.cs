using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// A dense metric: M⁻¹ = Σ, the posterior covariance of the unconstrained parameters, for posteriors
/// with strong correlations that a diagonal metric cannot straighten.
/// </summary>
/// <remarks>
/// With the Cholesky factor Σ = L Lᵀ, a momentum p = L⁻ᵀ z with z ~ N(0, I) has covariance
/// (L Lᵀ)⁻¹ = M, as required.
/// </remarks>
public sealed class DenseMetric : Metric
{
    private readonly double[,] inverseMetric;
    private readonly double[,] lower;
    private readonly int dimension;
    private readonly double[] standardNormal;

    /// <summary>A metric with the given M⁻¹ (symmetric positive definite).</summary>
    public DenseMetric(Matrix<double> inverseMetric)
    {
        ArgumentNullException.ThrowIfNull(inverseMetric);
        dimension = inverseMetric.RowCount;
        if (inverseMetric.ColumnCount != dimension)
        {
            throw new ArgumentException("the inverse metric must be square", nameof(inverseMetric));
        }

        this.inverseMetric = inverseMetric.ToArray();
        Matrix<double> factor;
        try
        {
            factor = inverseMetric.Cholesky().Factor;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("the inverse metric must be symmetric positive definite", nameof(inverseMetric), ex);
        }

        lower = factor.ToArray();
        standardNormal = new double[dimension];
    }

    /// <summary>The unit metric of <paramref name="dimension"/> dimensions.</summary>
    public static DenseMetric Unit(int dimension) => new(Matrix<double>.Build.DenseIdentity(dimension));

    /// <summary>M⁻¹.</summary>
    public Matrix<double> InverseMetric => Matrix<double>.Build.DenseOfArray(inverseMetric);

    /// <inheritdoc />
    public override int Dimension => dimension;

    /// <inheritdoc />
    public override void SampleMomentum(ChainRandom random, Span<double> momentum)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < dimension; i++)
        {
            standardNormal[i] = random.NextStandardNormal();
        }

        // Back substitution for Lᵀ p = z (Lᵀ is upper triangular).
        for (var i = dimension - 1; i >= 0; i--)
        {
            var sum = standardNormal[i];
            for (var j = i + 1; j < dimension; j++)
            {
                sum -= lower[j, i] * momentum[j];
            }

            momentum[i] = sum / lower[i, i];
        }
    }

    /// <inheritdoc />
    public override double KineticEnergy(ReadOnlySpan<double> momentum)
    {
        var sum = 0.0;
        for (var i = 0; i < dimension; i++)
        {
            var row = 0.0;
            for (var j = 0; j < dimension; j++)
            {
                row += inverseMetric[i, j] * momentum[j];
            }

            sum += momentum[i] * row;
        }

        return 0.5 * sum;
    }

    /// <inheritdoc />
    public override void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity)
    {
        for (var i = 0; i < dimension; i++)
        {
            var row = 0.0;
            for (var j = 0; j < dimension; j++)
            {
                row += inverseMetric[i, j] * momentum[j];
            }

            velocity[i] = row;
        }
    }

    /// <inheritdoc />
    public override MetricEstimator CreateEstimator() => new DenseMetricEstimator(Dimension);
}
