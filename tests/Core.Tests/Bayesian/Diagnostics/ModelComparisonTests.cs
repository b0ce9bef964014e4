using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Diagnostics;

public class ModelComparisonTests
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void FitGeneralizedPareto_SampleFromAKnownShape_RecoversIt(double shape)
    {
        var random = new ChainRandom(9, 0);
        var sample = Enumerable.Range(0, 4000)
            .Select(_ => ParetoSmoothedImportanceSampling.GeneralizedParetoQuantile(random.NextUniform(), shape, 2))
            .Order()
            .ToArray();

        var (k, sigma) = ParetoSmoothedImportanceSampling.FitGeneralizedPareto(sample);

        Assert.InRange(k, shape - 0.07, shape + 0.07);
        Assert.InRange(sigma, 2 * 0.9, 2 * 1.1);
    }

    [Fact]
    public void GeneralizedParetoQuantile_ShapeZero_IsTheExponentialQuantile()
    {
        Assert.Equal(-3 * Math.Log(1 - 0.7), ParetoSmoothedImportanceSampling.GeneralizedParetoQuantile(0.7, 0, 3), 12);
        Assert.Equal(3 * (Math.Pow(0.3, -0.5) - 1) / 0.5, ParetoSmoothedImportanceSampling.GeneralizedParetoQuantile(0.7, 0.5, 3), 12);
    }

    [Fact]
    public void Smooth_EqualRatios_GivesUniformWeights()
    {
        var smoothed = ParetoSmoothedImportanceSampling.Smooth(Enumerable.Repeat(0.3, 100).ToArray());

        Assert.All(smoothed.LogWeights, w => Assert.Equal(-Math.Log(100), w, 12));
    }

    [Fact]
    public void LeaveOneOut_NormalMeanModel_MatchesExactLeaveOneOut()
    {
        // yᵢ ~ N(μ, 1) with a flat prior: μ | y ~ N(ȳ, 1/n), and leaving out yᵢ gives the exact predictive
        // N(yᵢ | ȳ₋ᵢ, 1 + 1/(n-1)).
        double[] y = [0.2, -0.6, 1.4, 0.9, -1.1, 0.3, 0.0, 2.1, -0.4, 0.7];
        var n = y.Length;
        var random = new ChainRandom(10, 0);
        var mean = y.Average();
        var mu = Enumerable.Range(0, 4000).Select(_ => mean + (random.NextStandardNormal() / Math.Sqrt(n))).ToArray();
        var logLikelihood = y.Select(yi => mu.Select(m => Normal.PDFLn(m, 1, yi)).ToArray()).ToArray();
        var exact = y.Select((yi, i) => Normal.PDFLn((mean * n - yi) / (n - 1), Math.Sqrt(1 + (1.0 / (n - 1))), yi)).ToArray();

        var loo = LeaveOneOut.Compute(logLikelihood);
        var waic = Waic.Compute(logLikelihood);

        Assert.Equal(exact.Sum(), loo.Elpd, 0.05);
        Assert.Equal(exact.Sum(), waic.Elpd, 0.1);
        Assert.InRange(loo.EffectiveParameters, 0.8, 1.2);
        Assert.All(loo.ParetoK, k => Assert.True(k < 0.5));
        Assert.Empty(loo.Warnings);
        Assert.Equal(-2 * loo.Elpd, loo.InformationCriterionValue, 12);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(exact[i], loo.Pointwise[i], 0.02);
        }
    }

    [Fact]
    public void LeaveOneOut_InfluentialObservation_WarnsWithHighParetoK()
    {
        // One observation far from the rest under a model with a tight posterior: leaving it out moves
        // the posterior by many posterior standard deviations.
        var y = Enumerable.Repeat(0.0, 30).Append(12.0).ToArray();
        var random = new ChainRandom(11, 0);
        var mean = y.Average();
        var mu = Enumerable.Range(0, 2000).Select(_ => mean + (0.02 * random.NextStandardNormal())).ToArray();
        var logLikelihood = y.Select(yi => mu.Select(m => Normal.PDFLn(m, 0.3, yi)).ToArray()).ToArray();

        var loo = LeaveOneOut.Compute(logLikelihood);

        Assert.True(loo.ParetoK[^1] > 0.7);
        Assert.Single(loo.Warnings);
        Assert.Contains("Pareto k", loo.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Waic_SmallMatrix_MatchesTheDefinition()
    {
        double[][] logLikelihood = [[-1.0, -1.5, -0.5], [-2.0, -2.0, -3.0]];

        var waic = Waic.Compute(logLikelihood);

        var lpd0 = Math.Log((Math.Exp(-1.0) + Math.Exp(-1.5) + Math.Exp(-0.5)) / 3);
        var lpd1 = Math.Log((Math.Exp(-2.0) + Math.Exp(-2.0) + Math.Exp(-3.0)) / 3);
        var p0 = 0.25;
        var p1 = 1.0 / 3;
        Assert.Equal(lpd0 - p0 + lpd1 - p1, waic.Elpd, 12);
        Assert.Equal(p0 + p1, waic.EffectiveParameters, 12);
        var d = (lpd0 - p0) - (lpd1 - p1);
        Assert.Equal(Math.Sqrt(2 * (d * d / 2)), waic.ElpdSe, 12);
    }
}
