using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class BayesianPetPeeseTests
{
    [Fact]
    public void Fit_SmallStudyEffect_PetInterceptRemovesIt()
    {
        // yᵢ = 0.1 + 1.5 seᵢ + noise: small studies report larger effects; the intercept is the effect of
        // an infinitely precise study, 0.1, which PET estimates and PEESE approximates.
        var random = new ChainRandom(29, 0);
        var se = Enumerable.Range(0, 30).Select(i => 0.05 + (0.01 * i)).ToArray();
        var yi = se.Select(s => 0.1 + (1.5 * s) + (s * random.NextStandardNormal())).ToArray();
        var data = EffectData.Create(yi, se.Select(s => s * s).ToArray());

        var result = BayesianPetPeese.Fit(data, NormalPrior.Create(0, 2), NormalPrior.Create(0, 5), ScalePrior.HalfNormal(0.2), new SamplerOptions { Seed = 30, SamplingIterations = 1500 });

        var petIntercept = result.PetReport["beta[intrcpt]"];
        var slope = result.PetReport["beta[sei]"];
        Assert.InRange(0.1, petIntercept.Q025, petIntercept.Q975);
        Assert.True(slope.Q025 > 0);
        Assert.True(yi.Average() > 0.3);
        Assert.Equal(result.UsesPeese ? result.PeeseReport["beta[intrcpt]"] : petIntercept, result.Estimate);
        Assert.Equal(result.UsesPeese, petIntercept.Q025 > 0 || petIntercept.Q975 < 0);
        Assert.Contains("beta[vi]", result.Peese.OutputNames);
    }
}
