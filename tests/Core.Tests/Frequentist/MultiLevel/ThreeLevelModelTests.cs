using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;
using static MetaAnalysis.Core.Tests.Frequentist.MultiLevel.Konstantopoulos2011;

namespace MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

public class ThreeLevelModelTests
{
    private static readonly EffectData Data = EffectData.Create(Yi, Vi);

    private static ThreeLevelFit Fit(ThreeLevelOptions? options = null, DesignMatrix? design = null) =>
        ThreeLevelModel.Fit(Data, District, design, options);

    private static DesignMatrix CenteredYear()
    {
        var mean = Year.Average();
        return DesignMatrix.Create(Year.Length, [Moderator.Continuous("year", Year.Select(y => y - mean).ToArray())]);
    }

    [Fact]
    public void Fit_Konstantopoulos2011Reml_MatchesPublishedMetaforOutput()
    {
        // metafor's test_analysis_example_konstantopoulos2011: rma.mv(yi, vi, random = ~ 1 | district/study).
        var fit = Fit();

        Assert.Equal(0.1847, fit.Coefficients[0].Estimate, Tolerances.Printed4);
        Assert.Equal(0.0846, fit.Coefficients[0].StandardError, Tolerances.Printed4);
        Assert.Equal(0.0651, fit.Sigma2Between, Tolerances.Printed4);
        Assert.Equal(0.0327, fit.Sigma2Within, Tolerances.Printed4);
        Assert.Equal(0.6653, fit.Sigma2Between / (fit.Sigma2Between + fit.Sigma2Within), Tolerances.Printed4);
        Assert.Equal(-7.9587, fit.Statistics.LogLikelihood, Tolerances.Printed4);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void Fit_Konstantopoulos2011Reml_MatchesMetaforRestartValues()
    {
        // The same test file prints the REML estimates to 7 significant digits.
        var fit = Fit();

        Assert.Equal(0.1847132, fit.Coefficients[0].Estimate, 5e-8);
        Assert.Equal(0.08455592, fit.Coefficients[0].StandardError, 5e-9);
        Assert.Equal(0.06506194, fit.Sigma2Between, 5e-9);
        Assert.Equal(0.03273652, fit.Sigma2Within, 5e-9);
    }

    [Fact]
    public void Fit_Konstantopoulos2011Ml_MatchesPublishedTable5()
    {
        // Konstantopoulos (2011), Table 5, as checked in metafor's tests.
        var fit = Fit(new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));

        Assert.Equal(0.1845, fit.Coefficients[0].Estimate, Tolerances.Printed4);
        Assert.Equal(0.0805, fit.Coefficients[0].StandardError, Tolerances.Printed4);
        Assert.Equal(0.0577, fit.Sigma2Between, Tolerances.Printed4);
        Assert.Equal(0.0329, fit.Sigma2Within, Tolerances.Printed4);
    }

    [Fact]
    public void Fit_Konstantopoulos2011MlWithCenteredYear_MatchesPublishedTable5()
    {
        var fit = Fit(new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood), CenteredYear());

        Assert.Equal(0.1780, fit.Coefficients[0].Estimate, Tolerances.Printed4);
        Assert.Equal(0.0051, fit.Coefficients[1].Estimate, Tolerances.Printed4);
        Assert.Equal(0.0805, fit.Coefficients[0].StandardError, Tolerances.Printed4);
        Assert.Equal(0.0085, fit.Coefficients[1].StandardError, Tolerances.Printed4);
        Assert.Equal(0.0565, fit.Sigma2Between, Tolerances.Printed4);
        Assert.Equal(0.0329, fit.Sigma2Within, Tolerances.Printed4);
    }

    [Fact]
    public void Fit_Konstantopoulos2011_QeMatchesPublishedHomogeneityTest()
    {
        // Cheung's metaSEM three-level tutorial on the same data: Q = 578.86 on 55 df.
        var fit = Fit();

        Assert.Equal(578.86, fit.Qe, 0.005);
        Assert.Equal(55, fit.QeDegreesOfFreedom);
    }

    [Fact]
    public void RandomEffects_Konstantopoulos2011_MatchPublishedBlups()
    {
        // metafor's test file: ranef() of the REML fit, printed to 8 digits.
        double[] districts = [-0.18998596, -0.08467077, 0.1407273, 0.24064814, -0.1072942, -0.23650899, 0.5342778, -0.2004695, 0.05711692, -0.14168396, -0.01215679];
        double[] districtSe = [0.16653966, 0.12407891, 0.13724053, 0.11885896, 0.11895233, 0.10112845, 0.1297891, 0.101322, 0.11104458, 0.12485549, 0.15042221];
        double[] firstStudies = [-0.03794675, -0.04663383, 0.04357906, -0.05459167, 0.02098376, -0.25219111];
        double[] firstStudiesSe = [0.16388194, 0.16388194, 0.16603559, 0.16603559, 0.12233812, 0.12233812];

        var (clusters, within) = Fit().RandomEffects();

        for (var j = 0; j < districts.Length; j++)
        {
            Assert.Equal(districts[j], clusters[j].Estimate, Tolerances.PublishedBlup);
            Assert.Equal(districtSe[j], clusters[j].StandardError, Tolerances.PublishedBlup);
        }

        for (var i = 0; i < firstStudies.Length; i++)
        {
            Assert.Equal(firstStudies[i], within[i].Estimate, Tolerances.PublishedBlup);
            Assert.Equal(firstStudiesSe[i], within[i].StandardError, Tolerances.PublishedBlup);
        }

        Assert.Equal("11", clusters[0].Label);
        Assert.Equal(56, within.Count);
    }

    [Theory]
    [InlineData(ThreeLevelEstimator.RestrictedMaximumLikelihood)]
    [InlineData(ThreeLevelEstimator.MaximumLikelihood)]
    public void Fit_WithYear_LogLikelihoodAndCoefficientsEqualDenseAlgebra(ThreeLevelEstimator estimator)
    {
        var fit = Fit(new ThreeLevelOptions(estimator), DesignMatrix.Create(Yi.Length, [Moderator.Continuous("year", Year)]));
        var x = DenseThreeLevel.Design(Yi.Length, Year);
        var v = DenseThreeLevel.MarginalCovariance(Vi, District, fit.Sigma2Between, fit.Sigma2Within);
        var (beta, covariance, _) = DenseThreeLevel.Gls(Yi, x, v);
        var restricted = estimator == ThreeLevelEstimator.RestrictedMaximumLikelihood;

        Assert.Equal(
            DenseThreeLevel.LogLikelihood(Yi, Vi, District, x, fit.Sigma2Between, fit.Sigma2Within, restricted),
            fit.Statistics.LogLikelihood,
            1e-8);
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(beta[c], fit.Coefficients[c].Estimate, Math.Abs(beta[c]) * 1e-7);
            Assert.Equal(Math.Sqrt(covariance[c, c]), fit.Coefficients[c].StandardError, Math.Sqrt(covariance[c, c]) * 1e-7);
        }
    }

    [Theory]
    [InlineData(ThreeLevelEstimator.RestrictedMaximumLikelihood)]
    [InlineData(ThreeLevelEstimator.MaximumLikelihood)]
    public void Fit_Estimates_MaximizeTheDenseLikelihood(ThreeLevelEstimator estimator)
    {
        // The derivatives of the dense log-likelihood vanish at the estimates, and nearby points are not better.
        var fit = Fit(new ThreeLevelOptions(estimator), CenteredYear());
        var mean = Year.Average();
        var x = DenseThreeLevel.Design(Yi.Length, Year.Select(y => y - mean).ToArray());
        var restricted = estimator == ThreeLevelEstimator.RestrictedMaximumLikelihood;
        double Ll(double b, double w) => DenseThreeLevel.LogLikelihood(Yi, Vi, District, x, b, w, restricted);
        var (sb, sw) = (fit.Sigma2Between, fit.Sigma2Within);

        Assert.Equal(0, Derivative(b => Ll(b, sw), sb, 1e-4), 1e-6);
        Assert.Equal(0, Derivative(w => Ll(sb, w), sw, 1e-4), 1e-6);
        var best = Ll(sb, sw);
        foreach (var (db, dw) in new[] { (1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3), (1e-3, -1e-3) })
        {
            Assert.True(Ll(sb + db, sw + dw) < best);
        }
    }

    [Theory]
    [InlineData(true, 0.04, 0.02)]
    [InlineData(false, 0.04, 0.02)]
    [InlineData(true, 0.0, 0.05)]
    [InlineData(false, 0.1, 0.0)]
    public void Derivatives_AtAnyComponents_MatchFiniteDifferencesOfTheLikelihood(bool restricted, double between, double within)
    {
        var likelihood = new ThreeLevelLikelihood(Data, EffectClusters.Create(District, Yi.Length), DesignMatrix.Create(Yi.Length, [Moderator.Continuous("year", Year)]));
        var derivatives = likelihood.Derivatives(between, within, restricted);
        const double h = 1e-5;
        double Ll(double b, double w) => likelihood.LogLikelihood(b, w, restricted);
        double Gradient(double b, double w, int c) => likelihood.Derivatives(b, w, restricted).Gradient[c];
        static void Close(double expected, double actual) => Assert.Equal(expected, actual, 1e-6 * Math.Max(1, Math.Abs(expected)));

        Close(Derivative(b => Ll(b, within), between, h), derivatives.Gradient[0]);
        Close(Derivative(w => Ll(between, w), within, h), derivatives.Gradient[1]);
        Close(Derivative(b => Gradient(b, within, 0), between, h), derivatives.Hessian[0, 0]);
        Close(Derivative(b => Gradient(b, within, 1), between, h), derivatives.Hessian[1, 0]);
        Close(Derivative(w => Gradient(between, w, 1), within, h), derivatives.Hessian[1, 1]);
        Assert.Equal(derivatives.Hessian[0, 1], derivatives.Hessian[1, 0]);
    }

    [Fact]
    public void Fit_BetweenFixedAtZero_EqualsGeneralizedLeastSquaresOnDiagonalCovariance()
    {
        const double tau2 = 0.05;
        var fit = Fit(new ThreeLevelOptions(Sigma2Between: 0, Sigma2Within: tau2), CenteredYear());
        var mean = Year.Average();
        var x = DenseThreeLevel.Design(Yi.Length, Year.Select(y => y - mean).ToArray());

        // Plain weighted least squares with weights 1 / (vi + τ²).
        var w = Vi.Select(v => 1 / (v + tau2)).ToArray();
        double Sum(Func<int, double> term) => Enumerable.Range(0, Yi.Length).Sum(term);
        var s0 = Sum(i => w[i]);
        var s1 = Sum(i => w[i] * x[i, 1]);
        var s2 = Sum(i => w[i] * x[i, 1] * x[i, 1]);
        var t0 = Sum(i => w[i] * Yi[i]);
        var t1 = Sum(i => w[i] * x[i, 1] * Yi[i]);
        var determinant = (s0 * s2) - (s1 * s1);

        Assert.Equal(((s2 * t0) - (s1 * t1)) / determinant, fit.Coefficients[0].Estimate, Tolerances.Algebra);
        Assert.Equal(((s0 * t1) - (s1 * t0)) / determinant, fit.Coefficients[1].Estimate, Tolerances.Algebra);
        Assert.Equal(Math.Sqrt(s2 / determinant), fit.Coefficients[0].StandardError, Tolerances.Algebra);
        Assert.Equal(Math.Sqrt(s0 / determinant), fit.Coefficients[1].StandardError, Tolerances.Algebra);
        Assert.Equal(2, fit.Statistics.ParameterCount);
    }

    [Fact]
    public void Fit_NoHeterogeneityBetweenClusters_EstimatesZeroAndTheTwoLevelRemlTau2()
    {
        // Every cluster's effects are symmetric around 0.3: the cluster means agree, so the REML
        // estimate of σ²_between sits on its bound and σ²_within is the two-level REML τ².
        double[] yi = [0.1, 0.5, 0.0, 0.6, 0.25, 0.35, -0.2, 0.8, 0.2, 0.4, 0.05, 0.55];
        double[] vi = [0.02, 0.02, 0.03, 0.03, 0.01, 0.01, 0.04, 0.04, 0.02, 0.02, 0.05, 0.05];
        string[] cluster = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", "f", "f"];

        var fit = ThreeLevelModel.Fit(EffectData.Create(yi, vi), cluster);

        // The two-level REML τ² by golden-section search on the dense restricted likelihood.
        var x = DenseThreeLevel.Design(yi.Length);
        string[] singletons = [.. Enumerable.Range(0, yi.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        double Ll(double t) => DenseThreeLevel.LogLikelihood(yi, vi, singletons, x, 0, t, restricted: true);
        double lo = 0, hi = 1;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        while (hi - lo > 1e-12)
        {
            var a = hi - (ratio * (hi - lo));
            var b = lo + (ratio * (hi - lo));
            (lo, hi) = Ll(a) < Ll(b) ? (a, hi) : (lo, b);
        }

        Assert.Equal(0, fit.Sigma2Between);
        Assert.Equal((lo + hi) / 2, fit.Sigma2Within, Tolerances.VarianceComponent);
        Assert.Equal(0.3, fit.Coefficients[0].Estimate, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_TestT_UsesStudentTOnKMinusPDegreesOfFreedom()
    {
        var z = Fit(design: CenteredYear());
        var t = Fit(new ThreeLevelOptions(Test: CoefficientTest.T), CenteredYear());
        var critical = StudentT.InvCDF(0, 1, 54, 0.975);

        Assert.Equal(54, t.Coefficients[1].DegreesOfFreedom!.Value);
        Assert.Equal(z.Coefficients[1].StandardError, t.Coefficients[1].StandardError, Tolerances.Algebra);
        Assert.Equal(t.Coefficients[1].Estimate + (critical * t.Coefficients[1].StandardError), t.Coefficients[1].CiUpper, Tolerances.Algebra);
        Assert.Equal(2 * (1 - StudentT.CDF(0, 1, 54, Math.Abs(t.Coefficients[1].Statistic))), t.Coefficients[1].PValue, 1e-12);
        Assert.Equal(t.ModeratorTest.Statistic, Math.Pow(t.Coefficients[1].Statistic, 2), Tolerances.Algebra);
        Assert.Equal(t.Coefficients[1].PValue, t.ModeratorTest.PValue, 1e-12);
    }

    [Fact]
    public void Fit_KnappHartung_ScalesCovarianceByResidualQuadraticFormOverKMinusP()
    {
        var fit = Fit(new ThreeLevelOptions(Test: CoefficientTest.KnappHartung));
        var v = DenseThreeLevel.MarginalCovariance(Vi, District, fit.Sigma2Between, fit.Sigma2Within);
        var (_, covariance, rss) = DenseThreeLevel.Gls(Yi, DenseThreeLevel.Design(Yi.Length), v);

        Assert.Equal(Math.Sqrt(covariance[0, 0] * rss / 55), fit.Coefficients[0].StandardError, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_FitStatistics_FollowMetaforsDefinitions()
    {
        var reml = Fit();
        var ml = Fit(new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));
        var saturated = (-0.5 * 56 * Math.Log(2 * Math.PI)) - (0.5 * Vi.Sum(Math.Log));

        Assert.Equal(3, reml.Statistics.ParameterCount);
        Assert.Equal(-2 * reml.Statistics.LogLikelihood, reml.Statistics.Deviance, Tolerances.Algebra);
        Assert.Equal((-2 * reml.Statistics.LogLikelihood) + 6, reml.Statistics.Aic, Tolerances.Algebra);
        Assert.Equal((-2 * reml.Statistics.LogLikelihood) + (3 * Math.Log(55)), reml.Statistics.Bic, Tolerances.Algebra);
        Assert.Equal((-2 * reml.Statistics.LogLikelihood) + (6.0 * 55 / 51), reml.Statistics.Aicc, Tolerances.Algebra);
        Assert.Equal(-2 * (ml.Statistics.LogLikelihood - saturated), ml.Statistics.Deviance, Tolerances.Algebra);
        Assert.Equal((-2 * ml.Statistics.LogLikelihood) + (3 * Math.Log(56)), ml.Statistics.Bic, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_RowsShuffled_GivesTheSameEstimates()
    {
        var order = Enumerable.Range(0, Yi.Length).Select(i => (i * 17) % Yi.Length).ToArray();
        var shuffled = ThreeLevelModel.Fit(Data.Subset(order), order.Select(i => District[i]).ToArray());
        var fit = Fit();

        Assert.Equal(fit.Sigma2Between, shuffled.Sigma2Between, 1e-12);
        Assert.Equal(fit.Sigma2Within, shuffled.Sigma2Within, 1e-12);
        Assert.Equal(fit.Coefficients[0].Estimate, shuffled.Coefficients[0].Estimate, 1e-12);
    }

    [Fact]
    public void Fit_ClusterWithOneEffect_IsAccepted()
    {
        string[] cluster = [.. District];
        cluster[^1] = "lonely";

        var fit = ThreeLevelModel.Fit(Data, cluster);

        Assert.Equal(12, fit.Clusters.Count);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void Fit_ClusterLengthMismatch_NamesCluster()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(Data, District[..^1]));
        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Fit_EmptyClusterLabel_NamesTheElement()
    {
        string[] cluster = [.. District];
        cluster[3] = " ";

        var ex = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(Data, cluster));
        Assert.Equal("cluster[3]", ex.Field);
    }

    [Fact]
    public void Fit_SingleCluster_NamesCluster()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(Data, [.. Enumerable.Repeat("one", Yi.Length)]));
        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Fit_EveryClusterASingleEffect_NamesCluster()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(Data, [.. Data.Labels]));
        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Fit_TooFewEffects_NamesYi()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(EffectData.Create([0.1, 0.2], [0.01, 0.02]), ["a", "b"]));
        Assert.Equal("yi", ex.Field);
    }

    [Fact]
    public void Fit_DesignRowsMismatch_NamesModerators()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(Data, District, DesignMatrix.InterceptOnly(10)));
        Assert.Equal("moderators", ex.Field);
    }

    [Fact]
    public void Fit_LevelOutOfRange_NamesLevel()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Fit(new ThreeLevelOptions(Level: 95)));
        Assert.Equal("level", ex.Field);
    }

    [Fact]
    public void Fit_NegativeFixedComponent_NamesIt()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Fit(new ThreeLevelOptions(Sigma2Within: -0.1)));
        Assert.Equal("sigma2.within", ex.Field);
    }

    /// <summary>Five-point central difference, error O(h⁴).</summary>
    private static double Derivative(Func<double, double> f, double x, double h) =>
        (f(x - (2 * h)) - (8 * f(x - h)) + (8 * f(x + h)) - f(x + (2 * h))) / (12 * h);
}
