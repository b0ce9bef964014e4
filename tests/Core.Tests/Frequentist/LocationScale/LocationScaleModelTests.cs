using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.LocationScale;
using MetaAnalysis.Core.Tests.Bayesian.Models;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist.LocationScale;

public class LocationScaleModelTests
{
    private static readonly EffectData Data = Bcg.LogRiskRatios();
    private static readonly DesignMatrix AblatScale = Bcg.AblatDesign();

    private static LocationScaleEstimator Estimator(bool restricted) =>
        restricted ? LocationScaleEstimator.RestrictedMaximumLikelihood : LocationScaleEstimator.MaximumLikelihood;

    [Fact]
    public void Fit_BcgRandomAllocationReml_MatchesMetafor()
    {
        var reference = ReferenceCaseFile.Load("ls-bcg-random-reml.json");
        var scale = DesignMatrix.Create(Data.K, [Moderator.Continuous("random", reference.Data["scale_moderators"]!["random"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray())]);
        var fit = LocationScaleModel.Fit(Data, scale: scale);

        var expected = reference.Expected;
        Assert.True(fit.Converged);
        AssertClose.Relative(expected["beta"]!.GetValue<double>(), fit.Location[0].Estimate, 1e-6);
        AssertClose.Relative(expected["se"]!.GetValue<double>(), fit.Location[0].StandardError, 1e-6);
        for (var c = 0; c < 2; c++)
        {
            AssertClose.Relative(expected["alpha"]![c]!.GetValue<double>(), fit.Scale[c].Estimate, 1e-6);
            AssertClose.Relative(expected["alpha_se"]![c]!.GetValue<double>(), fit.Scale[c].StandardError, 1e-5);
        }

        AssertClose.Relative(expected["loglik"]!.GetValue<double>(), fit.Statistics.LogLikelihood, 1e-8);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fit_InterceptOnlyScale_IsTheRandomEffectsModelWithTau2ExpAlpha(bool restricted)
    {
        var fit = LocationScaleModel.Fit(Data, Bcg.AblatDesign(), options: new LocationScaleOptions(Estimator(restricted)));
        var ordinary = RandomEffectsModel.Fit(Data, Bcg.AblatDesign(), new RandomEffectsOptions { Method = restricted ? "REML" : "ML" });

        AssertClose.Relative(ordinary.Tau2, Math.Exp(fit.Scale[0].Estimate), Tolerances.VarianceComponent);
        AssertClose.All(ordinary.Coefficients.Select(c => c.Estimate).ToArray(), fit.Location.Select(c => c.Estimate).ToArray(), 1e-7);
        AssertClose.All(ordinary.Coefficients.Select(c => c.StandardError).ToArray(), fit.Location.Select(c => c.StandardError).ToArray(), 1e-7);
        Assert.Equal(ordinary.Statistics.LogLikelihood, fit.Statistics.LogLikelihood, 1e-9);
    }

    [Theory]
    [InlineData(true, -1.0, 0.01)]
    [InlineData(false, -2.0, 0.03)]
    [InlineData(true, 0.5, -0.05)]
    public void Evaluate_Gradient_MatchesFiniteDifferencesOfTheLikelihood(bool restricted, double intercept, double slope)
    {
        var likelihood = new LocationScaleLikelihood(Data, Bcg.AblatDesign(), AblatScale, restricted);
        var gradient = likelihood.Evaluate([intercept, slope]).Gradient;
        const double h = 1e-5;
        double Ll(double a, double b) => likelihood.Evaluate([a, b]).LogLikelihood;

        Assert.Equal((Ll(intercept + h, slope) - Ll(intercept - h, slope)) / (2 * h), gradient[0], 1e-7);
        Assert.Equal((Ll(intercept, slope + h) - Ll(intercept, slope - h)) / (2 * h), gradient[1], 1e-6);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Evaluate_LogLikelihood_EqualsTheNormalDensityWrittenOut(bool restricted)
    {
        var alpha = new[] { -1.3, 0.01 };
        var evaluation = new LocationScaleLikelihood(Data, Bcg.AblatDesign(), AblatScale, restricted).Evaluate(alpha);
        var k = Data.K;
        var x = Bcg.AblatDesign().X;
        var tau2 = Bcg.Ablat.Select(a => Math.Exp(alpha[0] + (alpha[1] * a))).ToArray();
        var w = Matrix<double>.Build.DenseOfDiagonalArray(Data.Vi.Select((v, i) => 1 / (v + tau2[i])).ToArray());
        var y = Vector<double>.Build.DenseOfEnumerable(Data.Yi);
        var information = x.Transpose() * w * x;
        var beta = information.Inverse() * x.Transpose() * w * y;
        var r = y - (x * beta);
        var logDensity = Data.Vi.Select((v, i) => Normal.PDFLn(0, Math.Sqrt(v + tau2[i]), r[i])).Sum();
        var expected = restricted
            ? logDensity + (0.5 * Math.Log(2 * Math.PI) * 2) + (0.5 * Math.Log((x.Transpose() * x).Determinant())) - (0.5 * Math.Log(information.Determinant()))
            : logDensity;

        Assert.Equal(expected, evaluation.LogLikelihood, 1e-9);
        AssertClose.All(beta.ToArray(), evaluation.Beta, 1e-9);
    }

    [Fact]
    public void Fit_AlphaStandardErrors_AreTheInverseHessianOfTheLikelihoodValues()
    {
        // An independent Hessian: second differences of the log-likelihood values themselves.
        var fit = LocationScaleModel.Fit(Data, scale: AblatScale, options: new LocationScaleOptions(LocationScaleEstimator.MaximumLikelihood));
        var likelihood = new LocationScaleLikelihood(Data, DesignMatrix.InterceptOnly(Data.K), AblatScale, restricted: false);
        var alpha = fit.Scale.Select(c => c.Estimate).ToArray();
        var steps = new[] { 1e-3, 1e-4 };
        double Ll(double da, double db) => likelihood.Evaluate([alpha[0] + da, alpha[1] + db]).LogLikelihood;
        var (ha, hb) = (steps[0], steps[1]);
        var hessian = Matrix<double>.Build.Dense(2, 2);
        hessian[0, 0] = -(Ll(ha, 0) - (2 * Ll(0, 0)) + Ll(-ha, 0)) / (ha * ha);
        hessian[1, 1] = -(Ll(0, hb) - (2 * Ll(0, 0)) + Ll(0, -hb)) / (hb * hb);
        hessian[0, 1] = hessian[1, 0] = -(Ll(ha, hb) - Ll(ha, -hb) - Ll(-ha, hb) + Ll(-ha, -hb)) / (4 * ha * hb);
        var covariance = hessian.Inverse();

        Assert.True(fit.Converged);
        AssertClose.Relative(Math.Sqrt(covariance[0, 0]), fit.Scale[0].StandardError, 1e-4);
        AssertClose.Relative(Math.Sqrt(covariance[1, 1]), fit.Scale[1].StandardError, 1e-4);
        Assert.All(likelihood.Evaluate(alpha).Gradient, g => Assert.True(Math.Abs(g) < 1e-6));
    }

    [Fact]
    public void Fit_ScaleTest_IsTheWaldTestOfTheScaleModerator()
    {
        var fit = LocationScaleModel.Fit(Data, scale: AblatScale);
        var z = fit.Scale[1].Statistic;

        Assert.Equal(1, fit.ScaleTest.NumeratorDegreesOfFreedom);
        AssertClose.Relative(z * z, fit.ScaleTest.Statistic, 1e-10);
        AssertClose.Relative(fit.Scale[1].PValue, fit.ScaleTest.PValue, 1e-10);
    }

    [Fact]
    public void Fit_ScaleRowsDifferFromK_NamesScaleModerators()
    {
        var error = Assert.Throws<InvalidInputException>(() => LocationScaleModel.Fit(Data, scale: DesignMatrix.InterceptOnly(5)));
        Assert.Equal("scale_moderators", error.Field);
    }

    [Fact]
    public void Fit_TooFewStudiesForTheCoefficients_NamesYi()
    {
        var small = Data.Subset([0, 1, 2]);
        var error = Assert.Throws<InvalidInputException>(() => LocationScaleModel.Fit(small, DesignMatrix.Create(3, [Moderator.Continuous("a", [1.0, 2, 3])]), DesignMatrix.Create(3, [Moderator.Continuous("b", [3.0, 1, 2])])));
        Assert.Equal("yi", error.Field);
    }
}
