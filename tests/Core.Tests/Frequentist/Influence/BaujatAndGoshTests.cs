using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;

namespace MetaAnalysis.Core.Tests.Frequentist.Influence;

/// <summary>Baujat and GOSH figures of the REML random-effects model of dat.bcg (log risk ratios), against metafor 4.8.</summary>
public class BaujatAndGoshTests
{
    private static readonly RandomEffectsFit Fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios());

    [Fact]
    public void Baujat_Bcg_IsMetaforsBaujat()
    {
        // R: b <- baujat(rma(yi, vi, data = escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg))); b$x, b$y
        double[] x = [0.0478183320720557, 1.4934111867874984, 0.5508752745770775, 1.5860497234913693, 0.6777109218995236, 0.0160055498336126, 1.5319028477969876, 1.6638456222974942, 0.1625233076132254, 1.1168475452701279, 0.4322210214811115, 1.5922384344098601, 1.2637879713966964];
        double[] y = [0.001537501940577321, 0.112107095545737084, 0.024349037368338888, 0.237773320050604198, 0.066985818131784988, 0.000333271536545558, 0.107909507966587839, 0.198964614242498977, 0.018381613230846222, 0.111389571758924888, 0.048970625778589606, 0.061834543543001358, 0.115312850558173322];

        var points = Baujat.Compute(Fit, LeaveOneOut.Run(Fit));

        for (var i = 0; i < 13; i++)
        {
            Assert.Equal(x[i], points[i].Heterogeneity, 1e-5);
            Assert.Equal(y[i], points[i].Influence, 1e-5);
        }
    }

    [Theory]
    [InlineData(new[] { 1, 3, 4 }, -1.05272263634096, 89.9772751179145)]
    [InlineData(new[] { 0, 5, 7, 8, 12 }, -0.374661427694887, 88.8349184449684)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 7, 8, 10, 11, 12 }, -0.566417263569818, 93.1809088428096)]

    // metafor's gosh() reports NA here (its Fisher scoring fails); rma(..., control = list(stepadj = 0.5,
    // threshold = 1e-12)) reaches τ² = 1.2e-13, I² = 1.8e-10 %: the restricted likelihood is largest at τ² = 0
    // (logLik -4.92562592743794 at 0 against -4.92562592743854 there).
    [InlineData(new[] { 0, 1, 4, 8, 10, 11, 12 }, -0.353691638371667, 0.0)]
    public void Gosh_Subset_IsMetaforsFitOfIt(int[] effects, double estimate, double i2)
    {
        var (subsets, estimates, i2s) = SubsetEstimates.AllSubsets(Fit);
        var subset = effects.Aggregate(0u, (mask, i) => mask | (1u << i));

        var at = Array.IndexOf(subsets, subset);
        Assert.Equal(8191, subsets.Length);
        Assert.Equal(estimate, estimates[at], 1e-5);
        Assert.Equal(i2, i2s[at], 1e-3);
    }

    [Fact]
    public void Gosh_SingleEffect_IsThatEffectWithoutHeterogeneity()
    {
        var (subsets, estimates, i2s) = SubsetEstimates.AllSubsets(Fit);

        var at = Array.IndexOf(subsets, 1u << 4);
        Assert.Equal(Fit.Data.Yi[4], estimates[at]);
        Assert.Equal(0, i2s[at]);
    }
}
