using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;


namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>
/// Published analyses replicated as metafor's tests do: Raudenbush (2009, Table 16.3) on teacher
/// expectancy, Berkey et al. (1995) and Stata's metan on the BCG trials, and metafor's own printed output.
/// </summary>
public class RandomEffectsModelPublishedTests
{
    private static readonly string[] Table163Methods = ["EE", "ML", "REML", "DL", "HE"];

    // Raudenbush (2009), Table 16.3, conventional z tests: tau2, mu, se, z, ci.lb, ci.ub per method.
    private static readonly double[][] Table163Z =
    [
        [0, 0.060, 0.036, 1.655, -0.011, 0.132],
        [0.013, 0.078, 0.047, 1.637, -0.015, 0.171],
        [0.019, 0.084, 0.052, 1.621, -0.018, 0.185],
        [0.026, 0.089, 0.056, 1.601, -0.020, 0.199],
        [0.080, 0.114, 0.079, 1.443, -0.041, 0.270],
    ];

    // The same table with the Knapp-Hartung method.
    private static readonly double[][] Table163KnappHartung =
    [
        [0, 0.060, 0.051, 1.173, -0.048, 0.168],
        [0.013, 0.078, 0.059, 1.311, -0.047, 0.202],
        [0.019, 0.084, 0.062, 1.359, -0.046, 0.213],
        [0.026, 0.089, 0.064, 1.405, -0.044, 0.223],
        [0.080, 0.114, 0.071, 1.608, -0.035, 0.264],
    ];

    public static TheoryData<int, bool> Table163Rows()
    {
        var data = new TheoryData<int, bool>();
        for (var row = 0; row < Table163Methods.Length; row++)
        {
            data.Add(row, false);
            data.Add(row, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table163Rows))]
    public void Fit_Raudenbush1985Table163_MatchesPublishedRow(int row, bool knappHartung)
    {
        var options = new RandomEffectsOptions
        {
            Method = Table163Methods[row],
            Test = knappHartung ? CoefficientTest.KnappHartung : CoefficientTest.Z,
        };

        var fit = RandomEffectsModel.Fit(Raudenbush1985.Data(), null, options);

        var expected = (knappHartung ? Table163KnappHartung : Table163Z)[row];
        var mean = fit.Coefficients[0];
        AssertClose.All(expected, [fit.Tau2, mean.Estimate, mean.StandardError, mean.Statistic, mean.CiLower, mean.CiUpper], Tolerances.Printed3);
    }

    [Fact]
    public void Fit_Raudenbush1985PredictionInterval_MatchesMetaforExample()
    {
        var fit = RandomEffectsModel.Fit(Raudenbush1985.Data());

        var prediction = fit.Predict();

        Assert.Equal(-0.204, prediction.PiLower, Tolerances.Printed3);
        Assert.Equal(0.371, prediction.PiUpper, Tolerances.Printed3);
    }

    [Fact]
    public void Fit_Raudenbush1985CappedWeeks_MatchesTable162()
    {
        var fit = RandomEffectsModel.Fit(Raudenbush1985.Data(), Raudenbush1985.CappedWeeksDesign());

        Assert.Equal(0, fit.Tau2, Tolerances.Printed3);
        AssertClose.All([0.407, -0.157], fit.Beta, Tolerances.Printed3);
        Assert.Equal(16.57, fit.Qe, Tolerances.Printed2);
        AssertClose.All([4.68, -4.39], fit.Coefficients.Select(c => c.Statistic).ToArray(), Tolerances.Printed2);
    }

    [Fact]
    public void Fit_BcgEqualEffects_MatchesStataMetan()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Method = "EE" });

        var mean = fit.Coefficients[0];
        Assert.Equal(-0.4303, mean.Estimate, Tolerances.Printed4);
        Assert.Equal(-0.5097, mean.CiLower, Tolerances.Printed4);
        Assert.Equal(-0.3509, mean.CiUpper, Tolerances.Printed4);
        Assert.Equal(-10.6247, mean.Statistic, Tolerances.Printed4);
        Assert.Equal(152.2330, fit.Qe, Tolerances.Printed4);
        Assert.Equal(0.6503, Math.Exp(fit.Predict().Estimate), Tolerances.Printed4);
    }

    [Fact]
    public void Fit_BcgDerSimonianLaird_MatchesStataMetan()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Method = "DL" });

        var mean = fit.Coefficients[0];
        Assert.Equal(-0.7141, mean.Estimate, Tolerances.Printed4);
        Assert.Equal(-1.0644, mean.CiLower, Tolerances.Printed4);
        Assert.Equal(-0.3638, mean.CiUpper, Tolerances.Printed4);
        Assert.Equal(-3.9952, mean.Statistic, Tolerances.Printed4);
        Assert.Equal(0.3088, fit.Tau2, Tolerances.Printed4);
        Assert.Equal(92.1173, fit.I2, Tolerances.Printed4);
        Assert.Equal(0.4896, Math.Exp(mean.Estimate), Tolerances.Printed4);
        Assert.Equal(0.3449, Math.Exp(mean.CiLower), Tolerances.Printed4);
        Assert.Equal(0.6950, Math.Exp(mean.CiUpper), Tolerances.Printed4);
    }

    [Theory]
    [InlineData("PM")]
    [InlineData("EB")]
    public void Fit_BcgGeneralizedQEstimators_MatchMetaforIteratedDerSimonianLaird(string method)
    {
        // metafor's test_misc_rma_uni: the iterated DL and SJ estimators converge to 0.3181, the root of
        // Q(τ²) = k - 1 that PM solves directly and EB reaches by scoring.
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Method = method });

        Assert.Equal(0.3181, fit.Tau2, Tolerances.Printed4);
    }

    [Fact]
    public void Tau2ConfidenceInterval_BcgDerSimonianLaird_MatchesMetaforConfint()
    {
        var fit = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, new RandomEffectsOptions { Method = "DL" });

        var interval = fit.Tau2ConfidenceInterval();

        AssertClose.All([0.1197, 1.1115], [interval.Tau2Lower, interval.Tau2Upper], Tolerances.Printed4);
        AssertClose.All([81.9177, 97.6781], [interval.I2Lower, interval.I2Upper], Tolerances.MetaforRootSearch);
        AssertClose.All([5.5303, 43.0680], [interval.H2Lower, interval.H2Upper], Tolerances.MetaforRootSearch);
        Assert.Equal(12.6861, fit.H2, Tolerances.Printed4);
        Assert.False(interval.IsEmpty);
    }

    [Fact]
    public void Statistics_BcgMaximumLikelihood_MatchesMetaforFitstats()
    {
        var options = new RandomEffectsOptions { Method = "ML" };

        var random = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), null, options).Statistics;
        var mixed = RandomEffectsModel.Fit(Bcg.LogRiskRatios(), Bcg.AblatDesign(), options).Statistics;

        AssertClose.All([-12.6651, 37.1160, 29.3302, 30.4601, 30.5302], [random.LogLikelihood, random.Deviance, random.Aic, random.Bic, random.Aicc], Tolerances.Printed4);
        AssertClose.All([-7.6857, 27.1572, 21.3713, 23.0662, 24.0380], [mixed.LogLikelihood, mixed.Deviance, mixed.Aic, mixed.Bic, mixed.Aicc], Tolerances.Printed4);
        Assert.Equal(2, random.ParameterCount);
        Assert.Equal(3, mixed.ParameterCount);
    }

    [Fact]
    public void Fit_Berkey1995EmpiricalBayes_MatchesPage408()
    {
        var data = Berkey1995Data();
        var options = new RandomEffectsOptions { Method = "EB" };
        var centered = DesignMatrix.Create(13, [Moderator.Continuous("ablat", Bcg.Ablat.Select(a => a - 33.46).ToArray())]);

        var random = RandomEffectsModel.Fit(data, null, options);
        var mixed = RandomEffectsModel.Fit(data, centered, options);

        Assert.Equal(-0.5429, random.Beta[0], Tolerances.Printed4);
        Assert.Equal(0.1842, random.Coefficients[0].StandardError, Tolerances.Printed4);
        Assert.Equal(0.268, random.Tau2, Tolerances.Printed3);
        AssertClose.All([-0.6303, -0.0268], mixed.Beta, Tolerances.Printed4);
        AssertClose.All([0.1591, 0.0110], mixed.Coefficients.Select(c => c.StandardError).ToArray(), Tolerances.Printed4);
        Assert.Equal(0.157, mixed.Tau2, Tolerances.Printed3);
        Assert.Equal(41, mixed.R2!.Value, 0.5);
        Assert.Equal(0.53, Math.Exp(mixed.Predict(0).Estimate), Tolerances.Printed2);
        Assert.Equal(0.42, Math.Exp(mixed.Predict(42 - 33.46).Estimate), Tolerances.Printed2);
    }

    [Fact]
    public void Fit_Berkey1995EqualEffectsRegression_MatchesPage408()
    {
        var centered = DesignMatrix.Create(13, [Moderator.Continuous("ablat", Bcg.Ablat.Select(a => a - 33.46).ToArray())]);

        var fit = RandomEffectsModel.Fit(Berkey1995Data(), centered, new RandomEffectsOptions { Method = "EE" });

        AssertClose.All([-0.5949, -0.0282], fit.Beta, Tolerances.Printed4);
        AssertClose.All([0.0696, 0.0040], fit.Coefficients.Select(c => c.StandardError).ToArray(), Tolerances.Printed4);
        Assert.Equal(0.55, Math.Exp(fit.Predict(0).Estimate), Tolerances.Printed2);
        Assert.Equal(0.43, Math.Exp(fit.Predict(42 - 33.46).Estimate), Tolerances.Printed2);
    }

    /// <summary>The BCG log risk ratios with Berkey et al.'s "smoothed" sampling variances.</summary>
    private static EffectData Berkey1995Data()
    {
        var sumT = 0.0;
        var sumC = 0.0;
        for (var i = 0; i < 13; i++)
        {
            sumT += Bcg.Tneg[i] / Bcg.Tpos[i];
            sumC += Bcg.Cneg[i] / Bcg.Cpos[i];
        }

        var vi = Enumerable.Range(0, 13)
            .Select(i => (sumT / (13 * (Bcg.Tneg[i] + Bcg.Tpos[i]))) + (sumC / (13 * (Bcg.Cneg[i] + Bcg.Cpos[i]))))
            .ToArray();
        return EffectData.Create(Bcg.LogRiskRatios().Yi, vi);
    }
}
