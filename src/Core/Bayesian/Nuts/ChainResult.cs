namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>The kept draws of one chain with the sampler's statistics and the adapted tuning.</summary>
public sealed class ChainResult
{
    private readonly double[] draws;
    private readonly double[]? pointwiseLogLikelihood;

    internal ChainResult(
        int chain,
        int outputCount,
        double[] draws,
        TransitionStatistics[] statistics,
        double[]? pointwiseLogLikelihood,
        int observationCount,
        double stepSize,
        Metric metric)
    {
        Chain = chain;
        OutputCount = outputCount;
        this.draws = draws;
        Statistics = statistics;
        this.pointwiseLogLikelihood = pointwiseLogLikelihood;
        ObservationCount = observationCount;
        StepSize = stepSize;
        Metric = metric;
    }

    /// <summary>The chain's index.</summary>
    public int Chain { get; }

    /// <summary>Number of outputs per draw.</summary>
    public int OutputCount { get; }

    /// <summary>Number of kept draws.</summary>
    public int DrawCount => Statistics.Count;

    /// <summary>Per-draw sampler statistics.</summary>
    public IReadOnlyList<TransitionStatistics> Statistics { get; }

    /// <summary>Observations with a pointwise log likelihood (0 when the model gives none).</summary>
    public int ObservationCount { get; }

    /// <summary>The step size adapted in warm-up and used for sampling.</summary>
    public double StepSize { get; }

    /// <summary>The metric adapted in warm-up.</summary>
    public Metric Metric { get; }

    /// <summary>Output <paramref name="output"/> of draw <paramref name="draw"/>.</summary>
    public double this[int draw, int output] => draws[(draw * OutputCount) + output];

    /// <summary>All outputs of one draw.</summary>
    public ReadOnlySpan<double> Draw(int draw) => draws.AsSpan(draw * OutputCount, OutputCount);

    /// <summary>The draws of one output, in iteration order.</summary>
    public double[] Column(int output)
    {
        var column = new double[DrawCount];
        for (var d = 0; d < column.Length; d++)
        {
            column[d] = draws[(d * OutputCount) + output];
        }

        return column;
    }

    /// <summary>log p(y_i | draw) for every observation of one draw (empty when the model gives none).</summary>
    public ReadOnlySpan<double> PointwiseLogLikelihood(int draw) => pointwiseLogLikelihood is null
        ? ReadOnlySpan<double>.Empty
        : pointwiseLogLikelihood.AsSpan(draw * ObservationCount, ObservationCount);
}
