using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>NUTS fits for the models without conjugate structure and for any model the spec sends to NUTS.</summary>
/// <remarks>
/// The engine is not part of this build yet, so every request fails as not available. The mapping from
/// the spec to the engine's options and back belongs here once the engine is in Core.
/// </remarks>
public sealed class NutsFitter : UnavailableEngineFitter
{
    /// <summary>Creates the fitter.</summary>
    public NutsFitter()
        : base(EngineKind.Nuts)
    {
    }
}
