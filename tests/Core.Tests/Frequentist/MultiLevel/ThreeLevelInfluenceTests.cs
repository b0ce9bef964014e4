using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

/// <summary>
/// Case diagnostics of three-level fits against metafor 3.8.1 on dat.konstantopoulos2011
/// (<c>rma.mv(yi, vi, random = ~ 1 | district/study)</c>, REML): <c>cooks.distance</c>, <c>dfbetas</c> and
/// <c>rstudent</c> with <c>cluster = district</c> and without, <c>hatvalues</c>, <c>weights</c>, and the model
/// refitted without each district (<c>subset = district != d</c>).
/// </summary>
public sealed class ThreeLevelInfluenceTests
{
    private static readonly string[] Districts = ["11", "12", "18", "27", "56", "58", "71", "86", "91", "108", "644"];

    private static ThreeLevelFit InterceptOnly() =>
        ThreeLevelModel.Fit(EffectData.Create(Konstantopoulos2011.Yi, Konstantopoulos2011.Vi), Konstantopoulos2011.District);

    [Fact]
    public void ByCluster_EqualsMetaforsDistrictDeletions()
    {
        var rows = ThreeLevelInfluence.ByCluster(InterceptOnly());

        Assert.Equal(Districts, rows.Select(r => r.Label));
        AssertClose.All([0.0693784141842, 0.0161880606004, 0.0419849758753, 0.1192089453113, 0.0213566369932, 0.1014506985035, 0.5585174858480, 0.0656500671791, 0.0037438517179, 0.0548839761292, 0.0003441646543], rows.Select(r => r.CooksDistance).ToArray(), 2e-6);
        AssertClose.All([-0.26250155548, -0.12123237716, 0.19941163160, 0.34846857908, -0.14025376728, -0.32371864375, 1.08256983896, -0.25515362178, 0.05759997096, -0.22432566927, -0.01771071182], rows.Select(r => r.Dfbetas[0]).ToArray(), 2e-6);
        AssertClose.All([1.9234, 4.0275, 0.6573, 4.6493, 0.9942, 3.6496, 24.9432, 0.9775, 9.9004, 18.0899, 2.3595], rows.Select(r => r.ChiSquare).ToArray(), 5e-5);
        Assert.Equal([4, 4, 3, 4, 4, 11, 3, 8, 6, 5, 4], rows.Select(r => r.Rows.Count));

        // The first district's deleted residuals (metafor's rstudent(..., cluster)$obs).
        AssertClose.All([-0.3870, -0.4270, 0.0230, -0.5070], rows[0].Residuals, 5e-5);
        AssertClose.All([0.4739, 0.4739, 0.5006, 0.5006], rows[0].ResidualStandardErrors, 5e-5);

        // District 71 moves the estimate most: the model without it (metafor, subset = district != 71).
        var without71 = rows[6];
        AssertClose.Relative(0.1215211201, without71.Without!.Estimate, 1e-6);
        AssertClose.Relative(0.06115175121, without71.Without.StandardError, 1e-5);
        AssertClose.Relative(0.00166589013, without71.Without.CiLower, 1e-3);
        AssertClose.Relative(0.04689958559, without71.Without.PValue, 1e-4);
        AssertClose.Relative(0.02720128543, without71.Sigma2Between, 1e-4);
        AssertClose.Relative(0.02159174567, without71.Sigma2Within, 1e-4);
        AssertClose.Relative(360.5274669, without71.QeDeleted, 1e-8);
        Assert.True(without71.IsInfluential);
        Assert.False(rows[8].IsInfluential);
    }

    [Fact]
    public void ByEffect_EqualsMetaforsEffectDeletionsHatValuesAndWeights()
    {
        var fit = InterceptOnly();
        var rows = ThreeLevelInfluence.ByEffect(fit);

        Assert.Equal(56, rows.Count);
        AssertClose.All([-0.7818748169, -0.8693946234, 0.09879487226, -0.9854164431, -0.1542888762, -1.340306372, 0.02346077698, 0.3887584438], rows.Take(8).Select(r => r.StudentizedResidual).ToArray(), 2e-6);
        AssertClose.All([0.001965212246, 0.002989768413, 0.002638140187, 0.003873368303, 0.0001954562454, 0.02049671714, 0.001172820599, 0.003913805874], rows.Take(8).Select(r => r.CooksDistance).ToArray(), 2e-7);
        AssertClose.All([0.01824641442, 0.01824641442, 0.01556215436, 0.01556215436, 0.0243059897, 0.0243059897, 0.02379681997, 0.0200219781], ThreeLevelInfluence.HatValues(fit).Take(8).ToArray(), 1e-8);
        AssertClose.All([0.5714077092, 0.5714077092, 0.5016213659, 0.5016213659, 1.72107195, 1.72107195, 1.695043069, 1.48869276], ThreeLevelInfluence.Weights(fit).Take(8).ToArray(), 1e-7);
        Assert.All(rows, r => Assert.Equal(r.StudentizedResidual * r.StudentizedResidual, r.ChiSquare, 10));
    }

    [Fact]
    public void ByCluster_OnAMetaRegression_EqualsMetafor()
    {
        var mean = Konstantopoulos2011.Year.Average();
        var design = DesignMatrix.Create(Konstantopoulos2011.Yi.Length, [Moderator.Continuous("year", Konstantopoulos2011.Year.Select(y => y - mean).ToArray())]);
        var fit = ThreeLevelModel.Fit(EffectData.Create(Konstantopoulos2011.Yi, Konstantopoulos2011.Vi), Konstantopoulos2011.District, design);

        var rows = ThreeLevelInfluence.ByCluster(fit);

        AssertClose.All([0.1965484824, 0.01240827724, 0.03495766987, 1.117602383, 0.05551198765, 0.3331451103, 0.8507182233, 0.1453083692, 4.491813828e-06, 0.1713130294, 0.001483576587], rows.Select(r => r.CooksDistance).ToArray(), 2e-6);
        AssertClose.All([0.36636950338287, 0.00692429932137, 0.04990268494224, -0.96242693557136, -0.13453924178472, 0.49864738548051, 0.83129718330803, -0.22803964147959, 0.00196555851970, -0.26959577076302, 0.00848126616619], rows.Select(r => r.Dfbetas[1]).ToArray(), 2e-6);
        AssertClose.All([1.5628, 3.9999, 0.5550, 6.2120, 1.1108, 3.2006, 23.2233, 1.2025, 9.8762, 18.3688, 2.3351], rows.Select(r => r.ChiSquare).ToArray(), 5e-5);
        Assert.All(rows, r => Assert.Null(r.Without));
    }

    [Fact]
    public void Cumulative_AddsWholeDistrictsAsMetaforsSubsetFits()
    {
        var steps = ThreeLevelCumulative.Run(InterceptOnly());

        // One district alone cannot be fitted; from two on, each step is the fit to the districts so far.
        Assert.Equal(Districts[1..], steps.Select(s => s.Label));
        Assert.Equal(Enumerable.Range(2, 10), steps.Select(s => s.Clusters));
        var two = steps[0];
        Assert.Equal(8, two.K);
        AssertClose.Relative(0.0356443863283, two.Estimate.Estimate, 1e-5);
        AssertClose.Relative(0.0974209210937, two.Estimate.StandardError, 1e-5);
        Assert.True(two.Sigma2Between < 1e-6);
        var five = steps[3];
        Assert.Equal(19, five.K);
        AssertClose.Relative(0.19102302234, five.Estimate.Estimate, 1e-6);
        AssertClose.Relative(0.102732249541, five.Estimate.StandardError, 1e-6);
        AssertClose.Relative(0.0393813121089, five.Sigma2Between, 1e-4);
        AssertClose.Relative(0.0215002590368, five.Sigma2Within, 1e-4);
        var ten = steps[8];
        AssertClose.Relative(0.186281817433, ten.Estimate.Estimate, 1e-6);
        AssertClose.Relative(0.0725526139227, ten.Sigma2Between, 1e-4);
        AssertClose.Relative(0.184713163672882, steps[^1].Estimate.Estimate, 1e-6);
    }
}
