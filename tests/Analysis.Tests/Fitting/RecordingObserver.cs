using System.Collections.Concurrent;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

/// <summary>Keeps everything a fitter reported; the sampler's chains report from several threads.</summary>
internal sealed class RecordingObserver : IFitObserver
{
    public ConcurrentQueue<double> Fractions { get; } = new();

    public ConcurrentQueue<(IReadOnlyList<PosteriorParameter> Parameters, long Draws)> PartialSummaries { get; } = new();

    public ConcurrentQueue<FitDiagnostics> DiagnosticsSeen { get; } = new();

    /// <summary>Called with each progress report, e.g. to cancel the fit.</summary>
    public Action? OnProgress { get; init; }

    public void Progress(double fraction, string message)
    {
        Fractions.Enqueue(fraction);
        OnProgress?.Invoke();
    }

    public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws) => PartialSummaries.Enqueue((parameters, draws));

    public void Diagnostics(FitDiagnostics diagnostics) => DiagnosticsSeen.Enqueue(diagnostics);
}
