namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>Welford's running variances of the positions of a warm-up window, for a <see cref="DiagonalMetric"/>.</summary>
public sealed class DiagonalMetricEstimator : MetricEstimator
{
    private readonly double[] mean;
    private readonly double[] sumOfSquares;

    /// <summary>An empty estimator of <paramref name="dimension"/> dimensions.</summary>
    public DiagonalMetricEstimator(int dimension)
    {
        mean = new double[dimension];
        sumOfSquares = new double[dimension];
    }

    /// <inheritdoc />
    public override void Add(ReadOnlySpan<double> position)
    {
        Count++;
        for (var i = 0; i < mean.Length; i++)
        {
            var delta = position[i] - mean[i];
            mean[i] += delta / Count;
            sumOfSquares[i] += delta * (position[i] - mean[i]);
        }
    }

    /// <inheritdoc />
    public override void Restart()
    {
        Count = 0;
        Array.Clear(mean);
        Array.Clear(sumOfSquares);
    }

    /// <inheritdoc />
    public override Metric Estimate()
    {
        var diagonal = new double[mean.Length];
        for (var i = 0; i < diagonal.Length; i++)
        {
            diagonal[i] = (SampleWeight * sumOfSquares[i] / (Count - 1)) + Ridge;
        }

        return new DiagonalMetric(diagonal);
    }
}
