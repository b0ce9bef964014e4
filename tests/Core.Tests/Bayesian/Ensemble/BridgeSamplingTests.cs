using MetaAnalysis.Core.Bayesian.Ensemble;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Bayesian.Ensemble;

public class BridgeSamplingTests
{
    [Theory]
    [InlineData(true, 11UL)]
    [InlineData(false, 12UL)]
    public void Run_GaussianMember_AgreesWithTheExactEngineWithinFourTimesItsStatedError(bool hasEffect, ulong seed)
    {
        var data = EnsembleTestData.Bcg();
        var priors = EnsemblePriors.RobmaDefault;
        var density = new MemberDensity(data, new EnsembleMember(hasEffect, true, BiasAdjustment.None, 1), priors);
        var options = new SamplerOptions { Chains = 4, WarmupIterations = 500, SamplingIterations = 2000, Seed = seed };

        var run = BridgeSampledPosterior.Run(density, options);

        var model = ExactModel.RandomEffects(data.Effects, DesignMatrix.InterceptOnly(data.Effects.K), [priors.Effect], priors.Heterogeneity);
        var exact = ExactBayes.Fit(hasEffect ? model : model.WithoutCoefficients([DesignMatrix.InterceptName])).LogMarginalLikelihood!.Value;
        var difference = Math.Abs(run.Bridge.LogMarginalLikelihood - exact);
        Assert.True(run.Bridge.ErrorEstimate is > 0 and < 0.05, $"stated error {run.Bridge.ErrorEstimate:G3}");
        Assert.True(difference <= 4 * run.Bridge.ErrorEstimate, $"difference {difference:G3} is {difference / run.Bridge.ErrorEstimate:F2} stated errors ({run.Bridge.ErrorEstimate:G3})");
    }
}
