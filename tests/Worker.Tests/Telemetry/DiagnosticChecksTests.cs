using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Worker.Telemetry;

namespace MetaAnalysis.Worker.Tests.Telemetry;

public sealed class DiagnosticChecksTests
{
    [Fact]
    public void Failed_HealthyNutsRun_NoCheckFails()
    {
        var diagnostics = new FitDiagnostics { MaxRhat = 1.004, MinEssBulk = 1800, MinEssTail = 950, Divergences = 0, TreeDepthSaturations = 0 };
        diagnostics.EBfmi.Add([0.9, 1.1, 0.8, 1.0]);

        Assert.Empty(DiagnosticChecks.Failed(diagnostics));
    }

    [Fact]
    public void Failed_EachThresholdCrossed_NamesEveryFailedCheck()
    {
        var diagnostics = new FitDiagnostics { MaxRhat = 1.05, MinEssBulk = 399, MinEssTail = 120, Divergences = 2, TreeDepthSaturations = 1, IntegrationError = 1e-4 };
        diagnostics.EBfmi.Add([0.9, 0.2]);

        Assert.Equal(["rhat", "ess_bulk", "ess_tail", "divergences", "tree_depth", "e_bfmi", "integration_error"], DiagnosticChecks.Failed(diagnostics));
    }

    [Fact]
    public void Failed_NotANumber_CountsAsFailed()
    {
        Assert.Equal(["rhat"], DiagnosticChecks.Failed(new FitDiagnostics { MaxRhat = double.NaN }));
    }

    [Fact]
    public void Failed_AtTheThresholds_Passes()
    {
        var diagnostics = new FitDiagnostics { MaxRhat = 1.01, MinEssBulk = 400, MinEssTail = 400, IntegrationError = 1e-6 };
        diagnostics.EBfmi.Add(0.3);

        Assert.Empty(DiagnosticChecks.Failed(diagnostics));
    }

    [Fact]
    public void Failed_NothingMeasured_NoCheckFails()
    {
        Assert.Empty(DiagnosticChecks.Failed(null));
        Assert.Empty(DiagnosticChecks.Failed(new FitDiagnostics { Iterations = 12 }));
    }
}
