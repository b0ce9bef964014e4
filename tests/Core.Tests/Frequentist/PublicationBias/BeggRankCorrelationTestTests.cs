using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class BeggRankCorrelationTestTests
{
    /// <summary>
    /// metafor 3.8.1 ranktest(yi, vi) on 60 synthetic studies without ties (R: set.seed(12),
    /// vi = round(runif(60, 0.01, 0.2), 5), yi = round(0.2 + rnorm(60, 0, sqrt(vi + 0.02)) + 0.8 sqrt(vi), 4)):
    /// tau 0.23389830508474577, p 0.0080437474923178431 from the exact distribution, which metafor asks for at any k.
    /// </summary>
    [Fact]
    public void Run_SixtyStudiesWithoutTies_MatchesMetaforExactPValue()
    {
        double[] yi = [0.4619, 1.4175, 0.3005, 0.0929, 0.2714, 0.21, 0.4373, 0.3037, 0.4438, 0.1076, 0.4667, 0.0279, 0.6126, -0.0809, 0.3091, 0.596, 0.115, 0.5378, 0.7849, 0.2301, 0.3701, 0.4719, 0.436, 1.3248, 0.1006, 0.6064, 0.6517, 0.0341, 0.3604, 0.621, 0.5008, 0.9836, 0.9178, 0.6093, 0.8123, 0.9346, 1.2874, -0.4074, 0.7424, 0.8021, 0.2814, 0.5568, 0.3545, 0.327, 0.4852, 0.1951, 0.0229, 0.2339, 0.4835, 0.4423, 0.4346, 0.0242, 0.373, 0.7651, 0.4626, 0.9684, 0.4073, 0.8914, 0.2793, 0.1104];
        double[] vi = [0.02318, 0.16538, 0.1891, 0.06118, 0.04218, 0.01644, 0.04397, 0.13192, 0.01435, 0.01158, 0.08461, 0.16464, 0.08149, 0.08235, 0.06033, 0.09347, 0.09695, 0.11273, 0.13648, 0.03141, 0.05149, 0.15969, 0.02859, 0.14487, 0.05139, 0.06091, 0.10591, 0.04583, 0.09349, 0.13727, 0.05577, 0.17972, 0.17772, 0.16467, 0.13032, 0.18881, 0.14184, 0.1703, 0.08308, 0.08431, 0.12181, 0.11079, 0.19575, 0.04755, 0.1704, 0.02806, 0.08242, 0.01872, 0.039, 0.1572, 0.08497, 0.07869, 0.09001, 0.07118, 0.11491, 0.19454, 0.11601, 0.11909, 0.13186, 0.16655];

        var test = BeggRankCorrelationTest.Run(EffectData.Create(yi, vi));

        Assert.True(test.IsExact);
        Assert.Equal(0.23389830508474577, test.KendallTau, Tolerances.Algebra);
        Assert.Equal(0.0080437474923178431, test.PValue, 1e-12);
    }
}
