using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>
/// The fitter of an engine that is not part of this build: it takes every request for its engine and
/// fails it with <see cref="EngineNotAvailableException"/>, never with a stand-in result. An engine's
/// fitter derives from it until the engine is in Core, then maps the spec onto the engine instead.
/// </summary>
public abstract class UnavailableEngineFitter : IFitter
{
    private readonly EngineKind engine;

    /// <summary>Creates the fitter for <paramref name="engine"/>.</summary>
    protected UnavailableEngineFitter(EngineKind engine) => this.engine = engine;

    /// <inheritdoc />
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Engine == engine;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new EngineNotAvailableException(ModelNames.Of(request.Engine), request.ModelName);
    }
}
