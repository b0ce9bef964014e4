using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class BinomialNormalModelTests
{
    // dat.bcg (metadat): tpos, tneg + tpos, cpos, cneg + cpos for the first six trials.
    private static readonly double[] Ai = [4, 6, 3, 62, 33, 180];
    private static readonly double[] N1i = [123, 306, 231, 13598, 5069, 1541];
    private static readonly double[] Ci = [11, 29, 11, 248, 47, 372];
    private static readonly double[] N2i = [139, 303, 220, 12867, 5808, 1451];

    private static BinomialNormalModel Create(double[]? ai = null, double[]? n1i = null) =>
        new(ai ?? Ai, n1i ?? N1i, Ci, N2i, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.5), NormalPrior.Create(0, 10));

    [Fact]
    public void LogDensityGradient_AgreesWithFiniteDifferences()
    {
        var model = Create();

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 18, radius: 3));
    }

    [Fact]
    public void PointwiseLogLikelihood_IsTheBinomialProbabilityOfBothArms()
    {
        var model = Create();
        var u = GradientCheck.RandomPoint(model.Dimension, 19, radius: 3);
        var values = new double[6];

        model.PointwiseLogLikelihood(u, values);

        var tau = Math.Exp(u[1]);
        for (var i = 0; i < 6; i++)
        {
            var alpha = u[2 + i];
            var theta = u[0] + (tau * u[8 + i]);
            var expected = Binomial.PMFLn(1 / (1 + Math.Exp(-alpha)), (int)N2i[i], (int)Ci[i])
                + Binomial.PMFLn(1 / (1 + Math.Exp(-(alpha + theta))), (int)N1i[i], (int)Ai[i]);
            Assert.Equal(expected, values[i], 1e-11 * Math.Abs(expected));
        }
    }

    [Fact]
    public void Sample_LargeTrials_AgreesWithTheObservedLogOddsRatios()
    {
        // Two arms of 20,000 with 10% and 5% events in each of four identical studies: the posterior of
        // the log odds ratio concentrates at log(0.05·0.9 / (0.95·0.1)) with sd ≈ √(Σ 1/cells / 4).
        double[] ai = [1000, 1000, 1000, 1000];
        double[] n = [20000, 20000, 20000, 20000];
        double[] ci = [2000, 2000, 2000, 2000];
        var model = new BinomialNormalModel(ai, n, ci, n, NormalPrior.Create(0, 4), ScalePrior.HalfNormal(0.05), NormalPrior.Create(0, 10));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 26, TargetAcceptance = 0.9 });
        var mu = DiagnosticReport.Create(result, ["mu"])["mu"];

        var logOddsRatio = Math.Log(0.05 * 0.9 / (0.95 * 0.1));
        var standardError = Math.Sqrt(((1 / 1000.0) + (1 / 19000.0) + (1 / 2000.0) + (1 / 18000.0)) / 4);
        Assert.InRange(mu.Mean, logOddsRatio - (4 * mu.McseMean) - 0.002, logOddsRatio + (4 * mu.McseMean) + 0.002);
        Assert.InRange(mu.Sd, standardError, 1.6 * standardError);
    }

    [Fact]
    public void Sample_StudyWithNoEventsInEitherArm_NeedsNoContinuityCorrection()
    {
        double[] ai = [0, 5, 2, 9];
        double[] n1i = [40, 100, 60, 120];
        double[] ci = [0, 9, 6, 15];
        double[] n2i = [40, 100, 60, 120];
        var model = new BinomialNormalModel(ai, n1i, ci, n2i, NormalPrior.Create(0, 2), ScalePrior.HalfNormal(0.5), NormalPrior.Create(0, 3));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 33, radius: 2));
        var result = Sampler.Run(model, new SamplerOptions { Seed = 34, TargetAcceptance = 0.9 });
        var report = DiagnosticReport.Create(result, ["mu", "tau", "theta[1]"]);

        Assert.All(report.Parameters, p => Assert.True(double.IsFinite(p.Mean) && p.Rhat < 1.01, p.Name));
        Assert.True(report["mu"].Q975 < 0.5);
    }

    [Fact]
    public void Constructor_MoreEventsThanParticipants_ThrowsNamingTheRow()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Create(ai: [4, 400, 3, 62, 33, 180]));

        Assert.Equal("ai[1]", ex.Field);
    }

    [Fact]
    public void Constructor_FractionalCount_ThrowsNamingTheRow()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Create(n1i: [123, 306, 231.5, 13598, 5069, 1541]));

        Assert.Equal("n1i[2]", ex.Field);
    }
}
