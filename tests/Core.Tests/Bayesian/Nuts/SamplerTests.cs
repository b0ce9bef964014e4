using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class SamplerTests
{
    [Fact]
    public void Run_StandardNormal_RecoversMomentsWithinMonteCarloError()
    {
        var result = Sampler.Run(GaussianTarget.StandardNormal(10), new SamplerOptions { Seed = 11 });
        var report = DiagnosticReport.Create(result);

        Assert.Empty(report.Warnings);
        foreach (var p in report.Parameters)
        {
            Assert.InRange(p.Mean, -4 * p.McseMean, 4 * p.McseMean);
            Assert.InRange(p.Sd, 1 - (4 * p.McseSd), 1 + (4 * p.McseSd));
        }
    }
}
