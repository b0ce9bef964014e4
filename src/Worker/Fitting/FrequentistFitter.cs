using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>Frequentist fits (random effects with the τ² estimators, meta-regression, three-level, robust CR2, dose-response) — metafor parity.</summary>
/// <remarks>
/// The engine is not part of this build yet, so every request fails as not available. The mapping from
/// the spec to the engine's options and back belongs here once the engine is in Core.
/// </remarks>
public sealed class FrequentistFitter : UnavailableEngineFitter
{
    /// <summary>Creates the fitter.</summary>
    public FrequentistFitter()
        : base(EngineKind.Frequentist)
    {
    }
}
