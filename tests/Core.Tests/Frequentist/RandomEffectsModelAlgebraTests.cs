using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>The fitted model's figures re-derived with explicit matrices at the fitted τ², as metafor's direct-computation tests.</summary>
public class RandomEffectsModelAlgebraTests
{
    [Theory]
    [InlineData("REML", CoefficientTest.Z)]
    [InlineData("DL", CoefficientTest.KnappHartung)]
    [InlineData("SJ", CoefficientTest.T)]
    [InlineData("EE", CoefficientTest.Z)]
    public void Fit_BcgAblatAlloc_MatchesGeneralizedLeastSquares(string method, CoefficientTest test)
    {
        var data = Bcg.LogRiskRatios();
        var design = Bcg.AblatAllocDesign();
        var algebra = new ExplicitAlgebra(data, design);

        var fit = RandomEffectsModel.Fit(data, design, new RandomEffectsOptions { Method = method, Test = test, Level = 0.9 });

        var beta = algebra.Beta(fit.Tau2);
        var k = algebra.K;
        var p = algebra.P;
        var residuals = algebra.Y - (algebra.X * beta);
        var scale = test == CoefficientTest.KnappHartung
            ? residuals.PointwiseMultiply(residuals).PointwiseDivide(algebra.V + fit.Tau2).Sum() / (k - p)
            : 1.0;
        var covariance = algebra.Covariance(fit.Tau2) * scale;
        var critical = test == CoefficientTest.Z ? Normal.InvCDF(0, 1, 0.95) : StudentT.InvCDF(0, 1, k - p, 0.95);
        Assert.Equal(scale, fit.ScaleFactor, Tolerances.Algebra);
        for (var j = 0; j < p; j++)
        {
            var se = Math.Sqrt(covariance[j, j]);
            var coefficient = fit.Coefficients[j];
            AssertClose.Relative(beta[j], coefficient.Estimate, Tolerances.Algebra);
            AssertClose.Relative(se, coefficient.StandardError, Tolerances.Algebra);
            AssertClose.Relative(beta[j] - (critical * se), coefficient.CiLower, 1e-8);
            var pValue = test == CoefficientTest.Z
                ? 2 * Normal.CDF(0, 1, -Math.Abs(beta[j] / se))
                : 2 * StudentT.CDF(0, 1, k - p, -Math.Abs(beta[j] / se));
            AssertClose.Relative(pValue, coefficient.PValue, 1e-8);
        }

        var moderators = beta.SubVector(1, p - 1);
        var wald = moderators * covariance.SubMatrix(1, p - 1, 1, p - 1).Inverse() * moderators;
        var qm = test == CoefficientTest.Z ? wald : wald / (p - 1);
        AssertClose.Relative(qm, fit.ModeratorTest.Statistic, Tolerances.Algebra);
        var qmPValue = test == CoefficientTest.Z ? 1 - ChiSquared.CDF(p - 1, qm) : 1 - FisherSnedecor.CDF(p - 1, k - p, qm);
        // 1 - CDF is accurate in absolute terms only (it rounds p-values below 1e-16 to 0).
        Assert.Equal(qmPValue, fit.ModeratorTest.PValue, 1e-12);
        Assert.Equal(p - 1, fit.ModeratorTest.NumeratorDegreesOfFreedom);
    }

    [Fact]
    public void Fit_BcgAblat_HeterogeneityMatchesResidualDefinitions()
    {
        var data = Bcg.LogRiskRatios();
        var design = Bcg.AblatDesign();
        var algebra = new ExplicitAlgebra(data, design);

        var fit = RandomEffectsModel.Fit(data, design);

        var p0 = algebra.Projection(0.0);
        var qe = algebra.Y * p0 * algebra.Y;
        var typical = (algebra.K - algebra.P) / p0.Trace();
        AssertClose.Relative(qe, fit.Qe, Tolerances.Algebra);
        AssertClose.Relative(1 - ChiSquared.CDF(11, qe), fit.QePValue, 1e-8);
        AssertClose.Relative(typical, fit.TypicalVariance, Tolerances.Algebra);
        AssertClose.Relative(100 * fit.Tau2 / (typical + fit.Tau2), fit.I2, Tolerances.Algebra);
        AssertClose.Relative((fit.Tau2 / typical) + 1, fit.H2, Tolerances.Algebra);
        var w = algebra.Weights(fit.Tau2);
        var hat = algebra.X * algebra.Covariance(fit.Tau2) * algebra.X.Transpose() * w;
        AssertClose.All(hat.Diagonal().ToArray(), fit.Leverage, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_BcgAblatReml_R2ComparesWithInterceptOnlyTau2()
    {
        var data = Bcg.LogRiskRatios();
        var interceptOnly = RandomEffectsModel.Fit(data);

        var fit = RandomEffectsModel.Fit(data, Bcg.AblatDesign());

        AssertClose.Relative(100 * (interceptOnly.Tau2 - fit.Tau2) / interceptOnly.Tau2, fit.R2!.Value, Tolerances.Algebra);
        Assert.Null(interceptOnly.R2);
    }

    [Fact]
    public void Fit_EqualEffectsRegression_R2IsAdjustedWeightedR2()
    {
        var data = Bcg.LogRiskRatios();
        var algebra = new ExplicitAlgebra(data, Bcg.AblatDesign());

        var fit = RandomEffectsModel.Fit(data, Bcg.AblatDesign(), new RandomEffectsOptions { Method = "EE" });

        var w = algebra.V.Map(v => 1 / v);
        var mean = w.DotProduct(algebra.Y) / w.Sum();
        var total = w.PointwiseMultiply((algebra.Y - mean).PointwiseMultiply(algebra.Y - mean)).Sum();
        var r2 = 1 - (fit.Qe / total);
        AssertClose.Relative(100 * (1 - ((1 - r2) * 12 / 11)), fit.R2!.Value, Tolerances.Algebra);
    }

    [Theory]
    [InlineData("ML")]
    [InlineData("REML")]
    public void Statistics_BcgAblat_MatchLikelihoodDefinitions(string method)
    {
        var data = Bcg.LogRiskRatios();
        var algebra = new ExplicitAlgebra(data, Bcg.AblatDesign());

        var fit = RandomEffectsModel.Fit(data, Bcg.AblatDesign(), new RandomEffectsOptions { Method = method });

        AssertClose.Relative(algebra.LogLikelihood(fit.Tau2), fit.MaximumLikelihoodStatistics.LogLikelihood, 1e-10);
        AssertClose.Relative(algebra.RestrictedLogLikelihood(fit.Tau2), fit.RestrictedStatistics.LogLikelihood, 1e-10);
        var saturated = algebra.V.Sum(v => -0.5 * Math.Log(2 * Math.PI * v));
        AssertClose.Relative(-2 * (fit.MaximumLikelihoodStatistics.LogLikelihood - saturated), fit.MaximumLikelihoodStatistics.Deviance, 1e-10);
        AssertClose.Relative((-2 * fit.RestrictedStatistics.LogLikelihood) + (3 * Math.Log(11)), fit.RestrictedStatistics.Bic, 1e-10);
        Assert.Same(method == "REML" ? fit.RestrictedStatistics : fit.MaximumLikelihoodStatistics, fit.Statistics);
    }

    [Fact]
    public void Predict_BcgAblatKnappHartung_UsesTQuantileAndTau2()
    {
        var data = Bcg.LogRiskRatios();
        var fit = RandomEffectsModel.Fit(data, Bcg.AblatDesign(), new RandomEffectsOptions { Test = CoefficientTest.KnappHartung });

        var prediction = fit.Predict(30);

        var x = new[] { 1.0, 30.0 };
        var v = fit.Covariance;
        var variance = (x[0] * x[0] * v[0, 0]) + (2 * x[0] * x[1] * v[0, 1]) + (x[1] * x[1] * v[1, 1]);
        var critical = StudentT.InvCDF(0, 1, 11, 0.975);
        AssertClose.Relative(fit.Beta[0] + (30 * fit.Beta[1]), prediction.Estimate, Tolerances.Algebra);
        AssertClose.Relative(Math.Sqrt(variance), prediction.StandardError, Tolerances.Algebra);
        AssertClose.Relative(prediction.Estimate + (critical * Math.Sqrt(variance + fit.Tau2)), prediction.PiUpper, 1e-9);
        AssertClose.Relative(prediction.Estimate - (critical * Math.Sqrt(variance)), prediction.CiLower, 1e-9);
    }

    [Fact]
    public void Fit_CollinearYearDesign_KeepsAccuracyOfQrFit()
    {
        // Intercept next to calendar years: X'WX has a condition number near 1e10, the QR factor's near 1e5.
        var data = Bcg.LogRiskRatios();
        var design = Bcg.AblatYearDesign();
        var centered = DesignMatrix.Create(13, [Moderator.Continuous("ablat", Bcg.Ablat), Moderator.Continuous("year", Bcg.Year.Select(y => y - 1966).ToArray())]);

        var fit = RandomEffectsModel.Fit(data, design, new RandomEffectsOptions { Method = "DL" });
        var reference = RandomEffectsModel.Fit(data, centered, new RandomEffectsOptions { Method = "DL" });

        // Centering the year changes only the intercept: b0 = b0c - 1966 b_year.
        AssertClose.Relative(reference.Beta[0] - (1966 * reference.Beta[2]), fit.Beta[0], 1e-9);
        AssertClose.Relative(reference.Beta[2], fit.Beta[2], 1e-9);
        AssertClose.Relative(reference.Tau2, fit.Tau2, 1e-9);
        AssertClose.Relative(reference.Coefficients[2].StandardError, fit.Coefficients[2].StandardError, 1e-9);
    }
}
