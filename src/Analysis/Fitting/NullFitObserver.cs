using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>An observer that ignores what a fit reports (the fits inside a sweep, runs without a display).</summary>
public sealed class NullFitObserver : IFitObserver
{
    /// <summary>The one instance.</summary>
    public static NullFitObserver Instance { get; } = new();

    /// <inheritdoc />
    public void Progress(double fraction, string message)
    {
    }

    /// <inheritdoc />
    public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws)
    {
    }

    /// <inheritdoc />
    public void Diagnostics(FitDiagnostics diagnostics)
    {
    }
}
