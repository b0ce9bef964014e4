using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Worker.Tests.Runtime;

/// <summary>A fitter that reports progress, then runs until it is cancelled (a long fit).</summary>
internal sealed class BlockingFitter : IFitter
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool WasCancelled { get; private set; }

    public bool Accepts(ValidatedAnalysis analysis) => true;

    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        observer.Progress(0.25, "warmup");
        Started.TrySetResult();
        cancellationToken.WaitHandle.WaitOne();
        WasCancelled = true;
        cancellationToken.ThrowIfCancellationRequested();
        return new FitResult();
    }
}
