using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class StudentTRandomEffectsModelTests
{
    private static readonly EffectData Data = EffectData.Create([-0.89, -1.59, -1.35, -1.44, -0.22, -0.79, 0.01, 0.45], [0.33, 0.19, 0.42, 0.02, 0.05, 0.007, 0.004, 0.53]);

    [Fact]
    public void LogDensityGradient_KnownDf_AgreesWithFiniteDifferences()
    {
        var model = StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(Data, 4, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 9));
    }

    [Fact]
    public void LogDensityGradient_EstimatedDf_AgreesWithFiniteDifferences()
    {
        var model = StudentTRandomEffectsModel.WithEstimatedDegreesOfFreedom(Data, PositivePrior.Gamma(2, 0.1), NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 10));
    }

    [Fact]
    public void LogDensityGradient_WithModerators_AgreesWithFiniteDifferences()
    {
        var design = DesignMatrix.Create(Data.K, [Moderator.Continuous("ablat", [44, 55, 42, 52, 13, 44, 19, 13])]);
        var model = StudentTRandomEffectsModel.WithEstimatedDegreesOfFreedom(Data, PositivePrior.Gamma(2, 0.1), NormalPrior.Create(0, 4), ScalePrior.Uniform(2), design, NormalPrior.Create(0, 1));

        Assert.Equal(["beta[intrcpt]", "beta[ablat]", "tau", "df"], model.ParameterNames.Take(4));
        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 31, radius: 0.5));
    }

    [Fact]
    public void LogDensity_DifferenceBetweenTwoPoints_MatchesTheModelWrittenWithDistributions()
    {
        var model = StudentTRandomEffectsModel.WithEstimatedDegreesOfFreedom(Data, PositivePrior.Gamma(2, 0.1), NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5));
        var a = GradientCheck.RandomPoint(model.Dimension, 11);
        var b = GradientCheck.RandomPoint(model.Dimension, 12);
        var gradient = new double[model.Dimension];

        var difference = model.LogDensityGradient(a, gradient) - model.LogDensityGradient(b, gradient);

        Assert.Equal(Independent(a) - Independent(b), difference, 9);

        static double Independent(double[] u)
        {
            var tau = Math.Exp(u[1]);
            var df = Math.Exp(u[2]);
            var lp = Normal.PDFLn(0, 4, u[0]) + Math.Log(2 * Normal.PDF(0, 0.5, tau)) + u[1]
                + Gamma.PDFLn(2, 0.1, df) + u[2];
            for (var i = 0; i < Data.K; i++)
            {
                var t = u[3 + i];
                lp += StudentT.PDFLn(0, 1, df, t) + Normal.PDFLn(u[0] + (tau * t), Math.Sqrt(Data.Vi[i]), Data.Yi[i]);
            }

            return lp;
        }
    }

    [Fact]
    public void Sample_VeryLargeDf_AgreesWithTheExactNormalPosterior()
    {
        // With ν → ∞ the t random effects are normal, so eight schools' exact figures apply.
        var reference = ReferenceCaseFile.Load("bayes-8schools-hn5.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var model = StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(data, 1e7, NormalPrior.Create(0, 20), ScalePrior.HalfNormal(5));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 24, SamplingIterations = 4000, TargetAcceptance = 0.9 });
        var report = DiagnosticReport.Create(result, ["mu", "tau"]);

        ExactAgreement.AssertWithinMonteCarloError(report["mu"], reference.Summary("mu"));
        ExactAgreement.AssertWithinMonteCarloError(report["tau"], reference.Summary("tau"), absolute: 0.002);
    }

    [Fact]
    public void Sample_OutlyingStudy_PullsTheMeanLessThanNormalEffectsDo()
    {
        var data = EffectData.Create([0.1, 0.2, 0.15, 0.05, 0.25, 0.12, 2.5], [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
        var options = new SamplerOptions { Seed = 25, TargetAcceptance = 0.95 };

        var robust = Sampler.Run(StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(data, 2, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5)), options);
        var normal = Sampler.Run(new NonCentredRandomEffectsModel(data, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5)), options);

        var robustMean = robust.PooledDraws("mu").Average();
        var normalMean = normal.PooledDraws("mu").Average();
        var inliers = data.Yi.Take(6).Average();
        Assert.True(Math.Abs(robustMean - inliers) < Math.Abs(normalMean - inliers));
    }

    [Fact]
    public void WithKnownDegreesOfFreedom_NonPositiveDf_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<InvalidInputException>(() =>
            StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(Data, 0, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5)));

        Assert.Equal("random_effects.df", ex.Field);
    }
}
