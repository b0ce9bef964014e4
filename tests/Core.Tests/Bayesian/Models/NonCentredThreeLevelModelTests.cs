using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class NonCentredThreeLevelModelTests
{
    private static readonly EffectData Small = EffectData.Create([0.1, 0.4, -0.2, 0.3, 0.6, 0.0], [0.02, 0.03, 0.05, 0.02, 0.04, 0.03]);
    private static readonly string[] Clusters = ["a", "a", "b", "b", "b", "c"];

    [Fact]
    public void LogDensityGradient_AgreesWithFiniteDifferences()
    {
        var design = DesignMatrix.Create(6, [Moderator.Continuous("year", [1, 2, 3, 4, 5, 6])]);
        var model = new NonCentredThreeLevelModel(Small, Clusters, NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfCauchy(0.3), design, NormalPrior.Create(0, 1));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 7));
    }

    [Fact]
    public void PointwiseLogLikelihood_IsTheClusterMarginalNormalDensity()
    {
        var model = new NonCentredThreeLevelModel(Small, Clusters, NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5));
        var u = GradientCheck.RandomPoint(model.Dimension, 8);
        var values = new double[3];

        model.PointwiseLogLikelihood(u, values);

        var between2 = Math.Exp(2 * u[1]);
        var within2 = Math.Exp(2 * u[2]);
        int[][] rows = [[0, 1], [2, 3, 4], [5]];
        for (var c = 0; c < 3; c++)
        {
            var r = rows[c];
            var covariance = Matrix<double>.Build.Dense(r.Length, r.Length, (i, j) => between2 + (i == j ? within2 + Small.Vi[r[i]] : 0));
            var y = Vector<double>.Build.Dense(r.Select(i => Small.Yi[i] - u[0]).ToArray());
            var expected = -0.5 * ((r.Length * Math.Log(2 * Math.PI)) + Math.Log(covariance.Determinant()) + y.DotProduct(covariance.Solve(y)));
            Assert.Equal(expected, values[c], 10);
        }
    }

    [Fact]
    public void Sample_KonstantopoulosReferenceCase_AgreesWithExactPosterior()
    {
        var reference = ReferenceCaseFile.Load("bayes-konstantopoulos-3level.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var model = new NonCentredThreeLevelModel(data, reference.Labels("cluster"), NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 23, SamplingIterations = 3000, TargetAcceptance = 0.9 });
        var report = DiagnosticReport.Create(result, ["mu", "sigma_between", "sigma_within"]);

        Assert.Empty(report.Warnings);
        ExactAgreement.AssertWithinMonteCarloError(report["mu"], reference.Summary("mu"));
        ExactAgreement.AssertWithinMonteCarloError(report["sigma_between"], reference.Summary("sigma_between"));
        ExactAgreement.AssertWithinMonteCarloError(report["sigma_within"], reference.Summary("sigma_within"));
    }

    [Fact]
    public void Constructor_ClusterColumnTooShort_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<InvalidInputException>(() =>
            new NonCentredThreeLevelModel(Small, ["a", "b"], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));

        Assert.Equal("cluster", ex.Field);
    }

    [Fact]
    public void Constructor_MissingClusterLabel_ThrowsNamingTheRow()
    {
        var ex = Assert.Throws<InvalidInputException>(() =>
            new NonCentredThreeLevelModel(Small, ["a", "a", "", "b", "b", "c"], NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));

        Assert.Equal("cluster[2]", ex.Field);
    }
}
