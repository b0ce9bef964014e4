using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class NonCentredRandomEffectsModelTests
{
    private static readonly EffectData EightSchools = EffectData.Create([28, 8, -3, 7, -1, 1, 18, 12], [225, 100, 256, 121, 81, 121, 100, 324]);

    [Theory]
    [InlineData("half_normal")]
    [InlineData("uniform")]
    [InlineData("inv_gamma_tau2")]
    public void LogDensityGradient_AgreesWithFiniteDifferences(string tauPrior)
    {
        var prior = tauPrior switch
        {
            "half_normal" => ScalePrior.HalfNormal(5),
            "uniform" => ScalePrior.Uniform(30),
            _ => ScalePrior.InverseGammaOnTau2(1, 2),
        };
        var model = new NonCentredRandomEffectsModel(EightSchools, NormalPrior.Create(0, 20), prior);

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 1));
    }

    [Fact]
    public void LogDensityGradient_WithModerators_AgreesWithFiniteDifferences()
    {
        var design = DesignMatrix.Create(8, [Moderator.Continuous("x", [1, 2, 3, 4, 5, 6, 7, 8])]);
        var model = new NonCentredRandomEffectsModel(EightSchools, NormalPrior.Create(0, 20), ScalePrior.HalfCauchy(5), design, NormalPrior.Create(0, 3));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 2));
    }

    [Fact]
    public void LogDensity_DifferenceBetweenTwoPoints_MatchesTheModelWrittenWithDistributions()
    {
        var model = new NonCentredRandomEffectsModel(EightSchools, NormalPrior.Create(0, 20), ScalePrior.HalfNormal(5));
        var a = GradientCheck.RandomPoint(model.Dimension, 3);
        var b = GradientCheck.RandomPoint(model.Dimension, 4);
        var gradient = new double[model.Dimension];

        var difference = model.LogDensityGradient(a, gradient) - model.LogDensityGradient(b, gradient);

        Assert.Equal(Independent(a) - Independent(b), difference, 9);

        static double Independent(double[] u)
        {
            var tau = Math.Exp(u[1]);
            var lp = Normal.PDFLn(0, 20, u[0]) + Math.Log(2 * Normal.PDF(0, 5, tau)) + u[1];
            for (var i = 0; i < 8; i++)
            {
                lp += Normal.PDFLn(0, 1, u[2 + i]) + Normal.PDFLn(u[0] + (tau * u[2 + i]), Math.Sqrt(EightSchools.Vi[i]), EightSchools.Yi[i]);
            }

            return lp;
        }
    }

    [Fact]
    public void PointwiseLogLikelihood_IsTheMarginalNormalDensity()
    {
        var model = new NonCentredRandomEffectsModel(EightSchools, NormalPrior.Create(0, 20), ScalePrior.HalfNormal(5));
        var u = GradientCheck.RandomPoint(model.Dimension, 5);
        var values = new double[8];

        model.PointwiseLogLikelihood(u, values);

        var tau = Math.Exp(u[1]);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(Normal.PDFLn(u[0], Math.Sqrt(EightSchools.Vi[i] + (tau * tau)), EightSchools.Yi[i]), values[i], 10);
        }
    }

    [Theory]
    [InlineData("bayes-8schools-hn5.json")]
    [InlineData("bayes-8schools-hc25.json")]
    [InlineData("bayes-bcg-hn05.json")]
    public void Sample_RandomEffectsReferenceCase_AgreesWithExactPosterior(string file)
    {
        var reference = ReferenceCaseFile.Load(file);
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var (muPrior, tauPrior) = file switch
        {
            "bayes-8schools-hn5.json" => (NormalPrior.Create(0, 20), ScalePrior.HalfNormal(5)),
            "bayes-8schools-hc25.json" => (NormalPrior.Create(0, 20), ScalePrior.HalfCauchy(25)),
            _ => (NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5)),
        };
        var model = new NonCentredRandomEffectsModel(data, muPrior, tauPrior);

        var result = Sampler.Run(model, new SamplerOptions { Seed = 21, SamplingIterations = 4000, TargetAcceptance = 0.9 });
        var report = DiagnosticReport.Create(result, ["mu", "tau"]);

        ExactAgreement.AssertWithinMonteCarloError(report["mu"], reference.Summary("mu"));
        ExactAgreement.AssertWithinMonteCarloError(report["tau"], reference.Summary("tau"), absolute: 0.002);
    }

    [Fact]
    public void Sample_MetaRegressionReferenceCase_AgreesWithExactPosterior()
    {
        var reference = ReferenceCaseFile.Load("bayes-bcg-ablat.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var design = DesignMatrix.Create(data.K, [Moderator.Continuous("ablat", reference.Moderator("ablat"))]);
        var model = new NonCentredRandomEffectsModel(data, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5), design, NormalPrior.Create(0, 1));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 22, SamplingIterations = 4000, TargetAcceptance = 0.9 });
        var report = DiagnosticReport.Create(result, ["beta[intrcpt]", "beta[ablat]", "tau"]);

        ExactAgreement.AssertWithinMonteCarloError(report["beta[intrcpt]"], reference.Summary("beta", 0));
        ExactAgreement.AssertWithinMonteCarloError(report["beta[ablat]"], reference.Summary("beta", 1));
        ExactAgreement.AssertWithinMonteCarloError(report["tau"], reference.Summary("tau"), absolute: 0.002);
    }

    [Fact]
    public void Constructor_ModeratorsWithoutSlopePrior_ThrowsNamingTheField()
    {
        var design = DesignMatrix.Create(8, [Moderator.Continuous("x", [1, 2, 3, 4, 5, 6, 7, 8])]);

        var ex = Assert.Throws<InvalidInputException>(() => new NonCentredRandomEffectsModel(EightSchools, NormalPrior.Create(0, 20), ScalePrior.HalfNormal(5), design));

        Assert.Equal("priors.slopes", ex.Field);
    }

    [Fact]
    public void Constrain_ThenUnconstrain_RoundTrips()
    {
        var model = new NonCentredRandomEffectsModel(EightSchools, NormalPrior.Create(0, 20), ScalePrior.Uniform(30));
        var u = GradientCheck.RandomPoint(model.Dimension, 6);
        var output = new double[model.OutputNames.Count];
        var back = new double[model.Dimension];

        model.Constrain(u, output);
        model.Unconstrain(output, back);

        Assert.Equal(u, back.Select((v, i) => Math.Abs(v - u[i]) < 1e-10 ? u[i] : v));
        Assert.Equal(output[0] + (output[1] * u[2]), output[model.Dimension], 12);
    }
}
