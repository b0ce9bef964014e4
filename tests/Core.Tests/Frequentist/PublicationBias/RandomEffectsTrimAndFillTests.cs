using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class RandomEffectsTrimAndFillTests
{
    [Fact]
    public void Run_BcgReml_MatchesMetaforTrimfill()
    {
        // metafor 3.8: trimfill(rma(yi, vi, data = dat.bcg)): 1 study missing on the right,
        // estimate -0.657083, se 0.178528, tau^2 0.331288.
        var result = RandomEffectsTrimAndFill.Run(Bcg.LogRiskRatios());

        Assert.Equal(FunnelSide.Right, result.Side);
        Assert.Equal(1, result.Iteration.MissingCount);
        Assert.Equal(14, result.Fit.K);
        Assert.Equal(-0.657082800760365, result.Fit.Coefficients[0].Estimate, 1e-6);
        Assert.Equal(0.17852846695558, result.Fit.Coefficients[0].StandardError, 1e-6);
        Assert.Equal(0.33128803733658, result.Fit.Tau2, 1e-6);
        Assert.Equal("Filled 1", result.Fit.Data.Labels[^1]);
    }

    [Fact]
    public void Run_FilledEffect_IsMirrorImageAboutTrimmedEstimate()
    {
        var data = Bcg.LogRiskRatios();
        var result = RandomEffectsTrimAndFill.Run(data);

        var kept = Enumerable.Range(0, data.K).Except(result.Iteration.MirroredRows).ToArray();
        var trimmed = RandomEffectsModel.Fit(data.Subset(kept)).Coefficients[0].Estimate;
        var row = Assert.Single(result.Iteration.MirroredRows);
        Assert.Equal(trimmed, result.Iteration.TrimmedEstimate, Tolerances.Algebra);
        Assert.Equal((2 * trimmed) - data.Yi[row], result.Iteration.FilledEffects[0], Tolerances.Algebra);
        // The mirrored study is the most negative effect (the left tail has no counterpart on the right).
        Assert.Equal(data.Yi.Min(), data.Yi[row]);
    }

    [Fact]
    public void Run_SymmetricFunnel_FillsNothing()
    {
        // Pairs mirrored about 0.3 with equal variances: nothing is missing on either side.
        double[] offsets = [0.05, 0.1, 0.2, 0.4];
        double[] variances = [0.01, 0.02, 0.05, 0.1];
        var yi = offsets.SelectMany(d => new[] { 0.3 - d, 0.3 + d }).ToArray();
        var vi = variances.SelectMany(v => new[] { v, v }).ToArray();

        var result = RandomEffectsTrimAndFill.Run(EffectData.Create(yi, vi), side: FunnelSide.Left);

        Assert.Equal(0, result.Iteration.MissingCount);
        Assert.Equal(8, result.Fit.K);
    }
}
