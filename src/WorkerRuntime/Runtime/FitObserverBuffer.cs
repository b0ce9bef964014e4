using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// Keeps the latest progress, partial summary and diagnostics a fitter reported, until the next
/// heartbeat takes them. Only the latest of each matters, so older ones are overwritten, not queued.
/// </summary>
internal sealed class FitObserverBuffer : IFitObserver
{
    private readonly Lock gate = new();
    private JobEvent.Types.Progress? progress;
    private JobEvent.Types.PartialSummary? partialSummary;
    private FitDiagnostics? diagnostics;

    public bool HasUpdates
    {
        get
        {
            lock (gate)
            {
                return progress is not null || partialSummary is not null || diagnostics is not null;
            }
        }
    }

    public void Progress(double fraction, string message)
    {
        lock (gate)
        {
            progress = new JobEvent.Types.Progress { Fraction = Math.Clamp(fraction, 0, 1), Message = message ?? string.Empty };
        }
    }

    public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws)
    {
        var summary = new JobEvent.Types.PartialSummary { Draws = draws };
        summary.Parameters.AddRange(parameters);
        lock (gate)
        {
            partialSummary = summary;
        }
    }

    public void Diagnostics(FitDiagnostics diagnostics)
    {
        lock (gate)
        {
            this.diagnostics = diagnostics;
        }
    }

    /// <summary>Moves the pending updates into <paramref name="heartbeat"/>.</summary>
    public void TakeInto(HeartbeatRequest heartbeat)
    {
        lock (gate)
        {
            heartbeat.Progress = progress;
            heartbeat.PartialSummary = partialSummary;
            heartbeat.Diagnostics = diagnostics;
            progress = null;
            partialSummary = null;
            diagnostics = null;
        }
    }
}
