using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>Leave-one-out, influence and cumulative analyses against metafor's test_misc_influence and test_misc_cumul.</summary>
public class InfluenceTests
{
    [Fact]
    public void Compute_BcgReml_FirstRowMatchesMetaforInfluence()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios());

        var row = InfluenceDiagnostics.Compute(fit)[0];

        AssertClose.Relative(-0.218142474344442, row.StudentizedResidual, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(-0.0407075604868486, row.Dffits, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(0.00171654236729195, row.CooksDistance, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(1.11644891104804, row.CovarianceRatio, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(0.336156745300306, row.Tau2Deleted, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(151.582572747109, row.QeDeleted, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(0.0505948307931551, row.Hat, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(5.05948307931551, row.Weight, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(-0.0402659025974144, row.Dfbetas[0], Tolerances.MetaforDefaultConvergence);
        Assert.False(row.IsInfluential);
    }

    [Fact]
    public void Compute_BcgAblatReml_HatValuesAndCooksDistancesMatchMetafor()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), Bcg.AblatDesign());

        var rows = InfluenceDiagnostics.Compute(fit);

        AssertClose.All([0.049, 0.1493, 0.0351, 0.3481, 0.2248, 0.2367, 0.064, 0.357, 0.0926, 0.1157, 0.2309, 0.0189, 0.0778], rows.Select(r => r.Hat).ToArray(), Tolerances.Printed4);

        // Study 12's distance, 0.04035, sits on a rounding boundary: metafor's rma.uni (τ² converged to 1e-5)
        // prints 0.0403, its rma.mv on the same model 0.0404; hence two half-units.
        AssertClose.All([0.0048, 0.0489, 0.0104, 0.2495, 0.0072, 0.2883, 0.3643, 0.2719, 0.02, 0.1645, 0.0009, 0.0403, 0.1433], rows.Select(r => r.CooksDistance).ToArray(), 2 * Tolerances.Printed4);
    }

    [Fact]
    public void Compute_KnappHartung_DeletedFitsCarryTheirScaleFactor()
    {
        var options = new RandomEffectsOptions { Method = "DL", Test = CoefficientTest.KnappHartung };
        var data = Bcg.LogRiskRatios();
        var fit = RandomEffectsModel.Fit(data, Bcg.AblatDesign(), options);

        var row = InfluenceDiagnostics.Compute(fit)[3];

        var rows = Enumerable.Range(0, 13).Where(i => i != 3).ToArray();
        var deleted = RandomEffectsModel.Fit(data.Subset(rows), Bcg.AblatDesign().Subset(rows), options);
        var prediction = deleted.Beta[0] + (Bcg.Ablat[3] * deleted.Beta[1]);
        var v = deleted.Covariance;
        var predictionVariance = v[0, 0] + (2 * Bcg.Ablat[3] * v[0, 1]) + (Bcg.Ablat[3] * Bcg.Ablat[3] * v[1, 1]);
        var expected = (data.Yi[3] - prediction) / Math.Sqrt((deleted.ScaleFactor * (data.Vi[3] + deleted.Tau2)) + predictionVariance);
        AssertClose.Relative(expected, row.StudentizedResidual, Tolerances.Algebra);
        AssertClose.Relative(deleted.Tau2, row.Tau2Deleted, Tolerances.Algebra);
    }

    [Fact]
    public void Compute_DeletionEmptiesModeratorLevel_ReportsNaNRow()
    {
        // Only effect 0 is in level "b": without it the dummy column is all zeros.
        var data = EffectData.Create([0.1, 0.5, 0.3, 0.8, 0.2, 0.6], [0.04, 0.05, 0.03, 0.06, 0.04, 0.05]);
        var design = DesignMatrix.Create(6, [Moderator.Categorical("group", ["b", "a", "a", "c", "c", "a"])]);
        var fit = RandomEffectsModel.Fit(data, design, new RandomEffectsOptions { Method = "DL" });

        var rows = InfluenceDiagnostics.Compute(fit);

        Assert.True(double.IsNaN(rows[0].CooksDistance));
        Assert.False(double.IsNaN(rows[1].CooksDistance));
    }

    [Fact]
    public void Run_BcgReml_FirstLeaveOneOutLineMatchesMetafor()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios());

        var line = LeaveOneOut.Run(fit)[0];

        AssertClose.Relative(-0.707083788031436, line.Estimate, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(0.189961024702717, line.StandardError, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(-3.72225717953459, line.Statistic, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(0.000197449759023198, line.PValue, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(-1.07940055491509, line.CiLower, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(-0.334767021147788, line.CiUpper, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(151.582572747109, line.Q, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(7.0778599767807e-27, line.QPValue, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(0.336156745300306, line.Tau2, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(93.2259349111223, line.I2, Tolerances.MetaforDefaultConvergence);
        AssertClose.Relative(14.762184698253, line.H2, Tolerances.MetaforDefaultConvergence);
        Assert.Equal(12, line.K);
        Assert.Equal("1", line.Label);
    }

    [Fact]
    public void Run_BcgRemlByYear_CumulativeEstimatesMatchMetafor()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios());
        var byYear = Enumerable.Range(0, 13).OrderBy(i => Bcg.Year[i]).ToArray();

        var lines = CumulativeAnalysis.Run(fit, byYear);

        AssertClose.All(
            [-0.889311, -1.325003, -0.97208, -1.001094, -1.101424, -0.973464, -0.901251, -0.788566, -0.865607, -0.785211, -0.708206, -0.794768, -0.714532],
            lines.Select(l => l.Estimate).ToArray(),
            Tolerances.Printed6);
        Assert.Equal(0, lines[0].Tau2);
        Assert.Equal(Math.Sqrt(Bcg.LogRiskRatios().Vi[0]), lines[0].StandardError, Tolerances.Algebra);
        Assert.Equal(Enumerable.Range(1, 13), lines.Select(l => l.K));
    }

    [Fact]
    public void Run_BcgRemlByYear_FourthLineIsRemlFitOfFirstFourStudies()
    {
        var data = Bcg.LogRiskRatios();
        var byYear = Enumerable.Range(0, 13).OrderBy(i => Bcg.Year[i]).ToArray();
        var firstFour = data.Subset(byYear[..4]);
        var algebra = new ExplicitAlgebra(firstFour, DesignMatrix.InterceptOnly(4));

        var line = CumulativeAnalysis.Run(RandomEffectsModel.Fit(data), byYear)[3];

        var tau2 = ExplicitAlgebra.Maximize(algebra.RestrictedLogLikelihood, 5.0);
        Assert.Equal(tau2, line.Tau2, Tolerances.VarianceComponent);
        Assert.Equal(algebra.Beta(line.Tau2)[0], line.Estimate, Tolerances.Algebra);
        Assert.Equal(data.Labels[byYear[3]], line.Label);
    }

    [Fact]
    public void Run_OrderNotAPermutation_ThrowsNamingOrderElement()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios());
        var order = Enumerable.Range(0, 13).ToArray();
        order[5] = 2;

        var error = Assert.Throws<InvalidInputException>(() => CumulativeAnalysis.Run(fit, order));

        Assert.Equal("order[5]", error.Field);
    }

    [Fact]
    public void Run_ModeratorModel_ThrowsNamingModerators()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), Bcg.AblatDesign());

        Assert.Equal("moderators", Assert.Throws<InvalidInputException>(() => LeaveOneOut.Run(fit)).Field);
        Assert.Equal("moderators", Assert.Throws<InvalidInputException>(() => CumulativeAnalysis.Run(fit)).Field);
    }

    [Fact]
    public void Compute_TooFewEffectsToLeaveOneOut_ThrowsNamingYi()
    {
        var fit = RandomEffectsModel.Fit(EffectData.Create([0.1, 0.4], [0.02, 0.03]));

        Assert.Equal("yi", Assert.Throws<InvalidInputException>(() => InfluenceDiagnostics.Compute(fit)).Field);
        Assert.Equal("yi", Assert.Throws<InvalidInputException>(() => LeaveOneOut.Run(fit)).Field);
    }
}
