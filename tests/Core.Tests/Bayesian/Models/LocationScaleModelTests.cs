using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

/// <summary>
/// The Bayesian location-scale model on dat.bcg with log τ² depending on the (centred) absolute latitude,
/// checked against a brute-force integration of the same posterior: the study effects integrate out
/// analytically (yᵢ ~ N(μ, vᵢ + exp(α₀ + α₁ wᵢ))), leaving a three-dimensional integral over μ, α₀, α₁.
/// </summary>
public sealed class LocationScaleModelTests
{
    private static readonly ReferenceCaseFile Bcg = ReferenceCaseFile.Load("ls-bcg-ablat-ml.json");
    private static readonly NormalPrior MuPrior = NormalPrior.Create(0, 2);
    private static readonly NormalPrior ScaleInterceptPrior = NormalPrior.Create(-2, 2);
    private static readonly NormalPrior ScaleSlopePrior = NormalPrior.Create(0, 0.2);

    private static double[] Latitude()
    {
        var ablat = ((System.Text.Json.Nodes.JsonArray)Bcg.Data["scale_moderators"]!["ablat"]!).Select(v => v!.GetValue<double>()).ToArray();
        var mean = ablat.Average();
        return ablat.Select(a => (a - mean) / 10).ToArray();
    }

    private static LocationScaleModel Create() =>
        new(EffectData.Create(Bcg.Numbers("yi"), Bcg.Numbers("vi")), null, DesignMatrix.Create(13, [Moderator.Continuous("ablat", Latitude())]), MuPrior, null, ScaleInterceptPrior, ScaleSlopePrior);

    [Fact]
    public void LogDensityGradient_AgreesWithFiniteDifferences()
    {
        var model = Create();

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 31));
        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 32, radius: 3));
    }

    [Fact]
    public void Sample_AgreesWithBruteForceIntegrationOfThePosterior()
    {
        var model = Create();

        var result = Sampler.Run(model, new SamplerOptions { Seed = 41, SamplingIterations = 4000, TargetAcceptance = 0.95 });
        var report = DiagnosticReport.Create(result, ["mu", "alpha[intrcpt]", "alpha[ablat]"]);

        var exact = Integrate();
        foreach (var (name, mean, sd) in exact)
        {
            var summary = report[name];
            Assert.True(Math.Abs(summary.Mean - mean) <= 4 * summary.McseMean, $"{name}: sampled mean {summary.Mean} (MCSE {summary.McseMean}), integrated {mean}");
            Assert.True(Math.Abs(summary.Sd - sd) <= 0.1 * sd, $"{name}: sampled sd {summary.Sd}, integrated {sd}");
        }

        Assert.Equal(0, report.Divergences);
    }

    [Fact]
    public void Constructor_ScaleModeratorsWithoutSlopePrior_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new LocationScaleModel(EffectData.Create(Bcg.Numbers("yi"), Bcg.Numbers("vi")), null, DesignMatrix.Create(13, [Moderator.Continuous("ablat", Latitude())]), MuPrior, null, ScaleInterceptPrior, null));

        Assert.Equal("priors.scale_slopes", ex.Field);
    }

    /// <summary>Posterior means and SDs of μ, α₀, α₁ on a grid: a coarse pass finds where the mass is, a fine one integrates it.</summary>
    private static IReadOnlyList<(string Name, double Mean, double Sd)> Integrate()
    {
        var yi = Bcg.Numbers("yi");
        var vi = Bcg.Numbers("vi");
        var w = Latitude();
        double LogPosterior(double mu, double a0, double a1)
        {
            var lp = Normal.PDFLn(0, 2, mu) + Normal.PDFLn(-2, 2, a0) + Normal.PDFLn(0, 0.2, a1);
            for (var i = 0; i < yi.Length; i++)
            {
                lp += Normal.PDFLn(mu, Math.Sqrt(vi[i] + Math.Exp(a0 + (a1 * w[i]))), yi[i]);
            }

            return lp;
        }

        (double[] Mean, double[] Sd) Moments(double[] lower, double[] upper, int n)
        {
            var step = lower.Zip(upper, (l, u) => (u - l) / (n - 1)).ToArray();
            var logs = new double[n * n * n];
            var max = double.NegativeInfinity;
            for (var a = 0; a < n; a++)
            {
                for (var b = 0; b < n; b++)
                {
                    for (var c = 0; c < n; c++)
                    {
                        var value = LogPosterior(lower[0] + (a * step[0]), lower[1] + (b * step[1]), lower[2] + (c * step[2]));
                        logs[(((a * n) + b) * n) + c] = value;
                        max = Math.Max(max, value);
                    }
                }
            }

            var sum = 0.0;
            var first = new double[3];
            var second = new double[3];
            for (var a = 0; a < n; a++)
            {
                for (var b = 0; b < n; b++)
                {
                    for (var c = 0; c < n; c++)
                    {
                        var weight = Math.Exp(logs[(((a * n) + b) * n) + c] - max);
                        double[] x = [lower[0] + (a * step[0]), lower[1] + (b * step[1]), lower[2] + (c * step[2])];
                        sum += weight;
                        for (var d = 0; d < 3; d++)
                        {
                            first[d] += weight * x[d];
                            second[d] += weight * x[d] * x[d];
                        }
                    }
                }
            }

            var mean = first.Select(f => f / sum).ToArray();
            return (mean, second.Select((s, d) => Math.Sqrt((s / sum) - (mean[d] * mean[d]))).ToArray());
        }

        var (coarseMean, coarseSd) = Moments([-3, -12, -1.5], [2, 4, 1.5], 61);
        var (mean, sd) = Moments(coarseMean.Zip(coarseSd, (m, s) => m - (8 * s)).ToArray(), coarseMean.Zip(coarseSd, (m, s) => m + (8 * s)).ToArray(), 121);
        return [("mu", mean[0], sd[0]), ("alpha[intrcpt]", mean[1], sd[1]), ("alpha[ablat]", mean[2], sd[2])];
    }
}
