using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class ThreeLevelTrimAndFillTests
{
    [Fact]
    public void Run_OneEffectPerCluster_ReproducesMetaforUnivariateTrimAndFill()
    {
        // With one effect per study and no within-study variance the three-level model is the
        // random-effects model, so the method must give metafor's trimfill(rma(yi, vi)) on dat.bcg:
        // k0 = 1 on the right, estimate -0.6571, se 0.1785, τ² 0.3313.
        var clusters = Enumerable.Range(1, 13).Select(i => $"study{i}").ToArray();

        var result = ThreeLevelTrimAndFill.Run(Bcg.LogRiskRatios(), clusters, new ThreeLevelOptions(Sigma2Within: 0));

        Assert.Equal(FunnelSide.Right, result.Side);
        Assert.Equal(1, result.Iteration.MissingCount);
        Assert.Equal(-0.657082800760365, result.Fit.Coefficients[0].Estimate, 1e-5);
        Assert.Equal(0.17852846695558, result.Fit.Coefficients[0].StandardError, 1e-5);
        Assert.Equal(0.33128803733658, result.Fit.Sigma2Between, 1e-5);
    }

    [Fact]
    public void Run_Konstantopoulos2011_FillsMirrorImagesInClustersOfTheirOwn()
    {
        var data = EffectData.Create(Konstantopoulos2011.Yi, Konstantopoulos2011.Vi);

        var result = ThreeLevelTrimAndFill.Run(data, Konstantopoulos2011.District);

        var k0 = result.Iteration.MissingCount;
        Assert.Equal(data.K + k0, result.Fit.K);
        Assert.Equal(k0, result.FilledClusters.Distinct().Count());

        // The trimmed estimate is the three-level estimate of the effects that were kept, and each
        // filled effect mirrors an observed one about it.
        var kept = Enumerable.Range(0, data.K).Except(result.Iteration.MirroredRows).ToArray();
        var trimmed = ThreeLevelModel.Fit(data.Subset(kept), kept.Select(r => Konstantopoulos2011.District[r]).ToArray());
        if (k0 > 0)
        {
            Assert.Equal(trimmed.Coefficients[0].Estimate, result.Iteration.TrimmedEstimate, Tolerances.VarianceComponent);
        }

        for (var i = 0; i < k0; i++)
        {
            var row = result.Iteration.MirroredRows[i];
            Assert.Equal((2 * result.Iteration.TrimmedEstimate) - data.Yi[row], result.Iteration.FilledEffects[i], Tolerances.Algebra);
        }
    }

    [Fact]
    public void Run_ClusterLengthMismatch_NamesCluster()
    {
        var error = Assert.Throws<MetaAnalysis.Core.Validation.InvalidInputException>(
            () => ThreeLevelTrimAndFill.Run(Bcg.LogRiskRatios(), ["a", "b"]));
        Assert.Equal("cluster", error.Field);
    }
}
