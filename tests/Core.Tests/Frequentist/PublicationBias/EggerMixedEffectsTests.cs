using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class EggerMixedEffectsTests
{
    [Fact]
    public void MixedEffects_BcgReml_MatchesMetaforRegtest()
    {
        // metafor 3.8.1: regtest(rma(yi, vi, data = dat.bcg)): z = -0.803329, p = 0.421784,
        // limit estimate (as sei -> 0) b = -0.510432.
        var result = EggerRegressionTest.MixedEffects(Bcg.LogRiskRatios());

        Assert.Equal("rma", result.Model);
        Assert.Equal(-0.803329193090865, result.Statistic, 1e-6);
        Assert.Equal(0.421784488855283, result.PValue, 1e-6);
        Assert.Equal(-0.510431874103029, result.LimitEstimate, 1e-6);
        Assert.True(double.IsPositiveInfinity(result.DegreesOfFreedom));
    }

    [Fact]
    public void MixedEffects_KnappHartung_UsesTDistributionOnKMinusTwo()
    {
        var data = Bcg.LogRiskRatios();
        var result = EggerRegressionTest.MixedEffects(data, new RandomEffectsOptions { Test = CoefficientTest.KnappHartung });
        Assert.Equal(data.K - 2, result.DegreesOfFreedom);
    }
}
