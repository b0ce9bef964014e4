using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>What a fitter reports while it runs; the worker forwards it to the server with the next heartbeat.</summary>
public interface IFitObserver
{
    /// <summary>Fraction done in [0, 1] and what the engine is doing.</summary>
    void Progress(double fraction, string message);

    /// <summary>Posterior summaries of the draws so far (sampling engines).</summary>
    void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws);

    /// <summary>Diagnostics known before the fit ends (e.g. divergences after warmup).</summary>
    void Diagnostics(FitDiagnostics diagnostics);
}
