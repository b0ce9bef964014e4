using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>Welford's running covariance of the positions of a warm-up window, for a <see cref="DenseMetric"/>.</summary>
public sealed class DenseMetricEstimator : MetricEstimator
{
    private readonly double[] mean;
    private readonly double[] delta;
    private readonly double[,] sumOfProducts;

    /// <summary>An empty estimator of <paramref name="dimension"/> dimensions.</summary>
    public DenseMetricEstimator(int dimension)
    {
        mean = new double[dimension];
        delta = new double[dimension];
        sumOfProducts = new double[dimension, dimension];
    }

    /// <inheritdoc />
    public override void Add(ReadOnlySpan<double> position)
    {
        Count++;
        for (var i = 0; i < mean.Length; i++)
        {
            delta[i] = position[i] - mean[i];
            mean[i] += delta[i] / Count;
        }

        for (var i = 0; i < mean.Length; i++)
        {
            var after = position[i] - mean[i];
            for (var j = 0; j < mean.Length; j++)
            {
                sumOfProducts[i, j] += after * delta[j];
            }
        }
    }

    /// <inheritdoc />
    public override void Restart()
    {
        Count = 0;
        Array.Clear(mean);
        Array.Clear(sumOfProducts);
    }

    /// <inheritdoc />
    public override Metric Estimate()
    {
        var n = mean.Length;
        var covariance = Matrix<double>.Build.Dense(n, n, (i, j) =>
        {
            // Symmetrize: the Welford update is exact only up to rounding in each triangle.
            var s = 0.5 * (sumOfProducts[i, j] + sumOfProducts[j, i]) / (Count - 1);
            return (SampleWeight * s) + (i == j ? Ridge : 0);
        });
        return new DenseMetric(covariance);
    }
}
