using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

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
