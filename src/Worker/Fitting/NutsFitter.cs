using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>NUTS fits for the models without conjugate structure and for any model the spec sends to NUTS.</summary>
/// <remarks>
/// The engine is not part of this build yet: every request fails with
/// <see cref="EngineNotAvailableException"/>, never with a stand-in result. The mapping from the spec to
/// the engine's options and back belongs here once the engine is in Core.
/// </remarks>
public sealed class NutsFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Engine == EngineKind.Nuts;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new EngineNotAvailableException(ModelNames.Of(request.Engine), request.ModelName);
    }
}
