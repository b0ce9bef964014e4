using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Subgroups;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist;

public class SubgroupAnalysisTests
{
    [Fact]
    public void Fit_BcgByAllocation_SeparateTau2TestIsWaldQOfSubgroupEstimates()
    {
        var data = Bcg.LogRiskRatios();

        var result = SubgroupAnalysis.Fit(data, Bcg.Alloc);

        Assert.Equal(["alternate", "random", "systematic"], result.Subgroups.Select(s => s.Level));
        var estimates = new List<double>();
        var weights = new List<double>();
        foreach (var subgroup in result.Subgroups)
        {
            var alone = RandomEffectsModel.Fit(data.Subset(subgroup.Rows));
            Assert.Equal(alone.Beta[0], subgroup.Fit.Beta[0], Tolerances.Algebra);
            estimates.Add(alone.Beta[0]);
            weights.Add(1 / (alone.Coefficients[0].StandardError * alone.Coefficients[0].StandardError));
        }

        var mean = estimates.Zip(weights, (b, w) => b * w).Sum() / weights.Sum();
        var q = estimates.Zip(weights, (b, w) => w * (b - mean) * (b - mean)).Sum();
        var test = result.SeparateTau2Test!;
        AssertClose.Relative(q, test.Q, Tolerances.Algebra);
        Assert.Equal(2, test.DegreesOfFreedom);
        AssertClose.Relative(1 - ChiSquared.CDF(2, q), test.PValue, 1e-10);
    }

    [Fact]
    public void Fit_BcgByAllocation_PooledTau2FitIsDummyRegression()
    {
        var data = Bcg.LogRiskRatios();

        var result = SubgroupAnalysis.Fit(data, Bcg.Alloc, new RandomEffectsOptions { Test = CoefficientTest.KnappHartung });

        var regression = RandomEffectsModel.Fit(data, DesignMatrix.Create(13, [Moderator.Categorical("alloc", Bcg.Alloc)]), new RandomEffectsOptions { Test = CoefficientTest.KnappHartung });
        var pooled = result.PooledTau2Fit!;
        Assert.Equal(regression.ModeratorTest.Statistic, pooled.ModeratorTest.Statistic, Tolerances.Algebra);
        Assert.Equal(10, pooled.ModeratorTest.DenominatorDegreesOfFreedom);
        Assert.Equal(regression.Tau2, pooled.Tau2, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_SingleStudySubgroup_FitsItWithoutHeterogeneity()
    {
        var data = EffectData.Create([0.1, 0.5, 0.3, 0.8, 0.2], [0.04, 0.05, 0.03, 0.06, 0.04]);

        var result = SubgroupAnalysis.Fit(data, ["a", "a", "b", "a", "a"]);

        var single = result.Subgroups[1].Fit;
        Assert.Equal(0, single.Tau2);
        Assert.Equal(0.3, single.Beta[0], Tolerances.Algebra);
        Assert.Equal(Math.Sqrt(0.03), single.Coefficients[0].StandardError, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_WrongLengthOrEmptyLabelOrOneGroup_ThrowsNamingSubgroups()
    {
        var data = EffectData.Create([0.1, 0.5, 0.3], [0.04, 0.05, 0.03]);

        Assert.Equal("subgroups", Assert.Throws<InvalidInputException>(() => SubgroupAnalysis.Fit(data, ["a", "b"])).Field);
        Assert.Equal("subgroups[1]", Assert.Throws<InvalidInputException>(() => SubgroupAnalysis.Fit(data, ["a", " ", "b"])).Field);
        Assert.Equal("subgroups", Assert.Throws<InvalidInputException>(() => SubgroupAnalysis.Fit(data, ["a", "a", "a"])).Field);
    }
}
