namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// Receives every iteration as it is produced (Stan's sample writer). Called from the chains' own
/// threads, several at once: implementations must be thread-safe.
/// </summary>
public interface IDrawSink
{
    /// <summary>One iteration of <paramref name="chain"/>: the outputs (the model's <see cref="IModel.OutputNames"/>) and the sampler's statistics.</summary>
    void Write(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> outputs, in TransitionStatistics statistics);
}
