namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// A model that can give the log likelihood of each observation (study) separately, which PSIS-LOO and
/// WAIC need. The sampler stores these values with every draw when a model implements this.
/// </summary>
public interface IPointwiseLogLikelihood
{
    /// <summary>Number of observations (the units left out by leave-one-out).</summary>
    int ObservationCount { get; }

    /// <summary>Writes log p(y_i | parameters) for every observation at the given unconstrained parameters.</summary>
    void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood);
}
