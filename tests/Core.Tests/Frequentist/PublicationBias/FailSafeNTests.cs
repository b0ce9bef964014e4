using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class FailSafeNTests
{
    private static readonly EffectData Raudenbush = Raudenbush1985.Data();

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
