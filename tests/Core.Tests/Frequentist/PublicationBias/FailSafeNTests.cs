using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class FailSafeNTests
{
    // dat.raudenbush1985 (teacher expectancy, 19 studies), as shipped with metafor/metadat.
    private static readonly EffectData Raudenbush = EffectData.Create(
        [0.03, 0.12, -0.14, 1.18, 0.26, -0.06, -0.02, -0.32, 0.27, 0.80, 0.54, 0.18, -0.02, 0.23, -0.18, -0.06, 0.30, 0.07, -0.07],
        [0.0156, 0.0216, 0.0279, 0.1391, 0.1362, 0.0106, 0.0106, 0.0484, 0.0269, 0.0630, 0.0912, 0.0497, 0.0835, 0.0841, 0.0253, 0.0279, 0.0193, 0.0088, 0.0303]);

    [Fact]
    public void Rosenthal_Raudenbush1985_MatchesMetaforTest()
    {
        // metafor's tests: fsn(yi, vi, data = dat.raudenbush1985)$fsnum == 26.
        Assert.Equal(26, FailSafeN.Rosenthal(Raudenbush).Number);
    }

    [Fact]
    public void Orwin_Raudenbush1985Target005_MatchesMetaforTest()
    {
        // metafor's tests: fsn(yi, vi, data = dat.raudenbush1985, type = "Orwin", target = .05)$fsnum == 44.
        Assert.Equal(44, FailSafeN.Orwin(Raudenbush, 0.05).Number);
    }

    [Fact]
    public void Orwin_TargetOfOtherSign_IsInfinite()
    {
        Assert.True(double.IsPositiveInfinity(FailSafeN.Orwin(Raudenbush, -0.1).Number));
    }
}
