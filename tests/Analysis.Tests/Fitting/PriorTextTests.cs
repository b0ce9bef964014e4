using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Tests.Shared;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public sealed class PriorTextTests
{
    [Fact]
    public void Fit_ExactBayes_ResultSaysItsPriorsInWords()
    {
        var result = FitterCatalog.Default.Fit(TestSpecs.ExactBayes(), NullFitObserver.Instance, default);

        Assert.Equal(["μ ~ Normal(0, 1)", "τ ~ Half-normal(0.5)"], result.Priors);
    }

    [Fact]
    public void Fit_TauSquaredPrior_NamesTauSquared()
    {
        var spec = TestSpecs.ExactBayes();
        spec.Priors.Tau = new ScalePriorSpec { InvGammaTau2 = new ScalePriorSpec.Types.InverseGammaOnTau2 { Shape = 1, Scale = 0.15 } };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal("τ² ~ Inverse-gamma(1, 0.15)", result.Priors[1]);
    }

    [Fact]
    public void Fit_Frequentist_HasNoPriors()
    {
        var result = FitterCatalog.Default.Fit(TestSpecs.RandomEffects(), NullFitObserver.Instance, default);

        Assert.Empty(result.Priors);
    }
}
