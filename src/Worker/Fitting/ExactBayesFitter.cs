using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>Exact Bayesian fits by numerical integration over the variance components.</summary>
/// <remarks>
/// The engine is not part of this build yet, so every request fails as not available. The mapping from
/// the spec to the engine's options and back belongs here once the engine is in Core.
/// </remarks>
public sealed class ExactBayesFitter : UnavailableEngineFitter
{
    /// <summary>Creates the fitter.</summary>
    public ExactBayesFitter()
        : base(EngineKind.ExactBayes)
    {
    }
}
