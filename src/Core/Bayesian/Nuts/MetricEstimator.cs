namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// Accumulates the positions visited in one warm-up window and turns them into a new metric, shrunk
/// towards a small multiple of the identity as Stan does.
/// </summary>
/// <remarks>
/// With n draws and sample (co)variance S, the new inverse metric is n/(n+5) S + 10⁻³ · 5/(n+5) I: the
/// shrinkage keeps a short window from producing a singular or wildly small metric.
/// </remarks>
public abstract class MetricEstimator
{
    /// <summary>Number of positions added since the last restart.</summary>
    public int Count { get; protected set; }

    /// <summary>Adds one position.</summary>
    public abstract void Add(ReadOnlySpan<double> position);

    /// <summary>Forgets every position.</summary>
    public abstract void Restart();

    /// <summary>The regularized metric from the positions added so far (at least two).</summary>
    public abstract Metric Estimate();

    /// <summary>The weight n/(n+5) of the sample estimate.</summary>
    protected double SampleWeight => Count / (Count + 5.0);

    /// <summary>The ridge 10⁻³ · 5/(n+5) added to the diagonal.</summary>
    protected double Ridge => 1e-3 * (5.0 / (Count + 5.0));
}
