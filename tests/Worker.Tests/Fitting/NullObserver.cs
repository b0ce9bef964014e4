using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Worker.Fitting;

namespace MetaAnalysis.Worker.Tests.Fitting;

internal sealed class NullObserver : IFitObserver
{
    public static NullObserver Instance { get; } = new();

    public void Progress(double fraction, string message)
    {
    }

    public void PartialSummary(IReadOnlyList<ParameterSummary> parameters, long draws)
    {
    }

    public void Diagnostics(Diagnostics diagnostics)
    {
    }
}
