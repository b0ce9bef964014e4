using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>Quantiles, central and highest-density intervals and tail probabilities against closed forms and brute-force grids.</summary>
public class PosteriorSummaryTests
{
    [Fact]
    public void Summarize_SingleNormal_GivesTheNormalDistributionsSummaries()
    {
        var summary = new NormalMixture([1], [1.5], [2]).Summarize(0.9, 3);

        Assert.Equal(1.5, summary.Median, Tolerances.Algebra);
        Assert.Equal(1.5 - (1.6448536269514722 * 2), summary.Central.Lower, Tolerances.Algebra);
        Assert.Equal(summary.Central.Lower, summary.HighestDensity.Lower, Tolerances.Algebra);
        Assert.Equal(summary.Central.Upper, summary.HighestDensity.Upper, Tolerances.Algebra);
        Assert.Equal(1 - Normal.CDF(1.5, 2, 0), summary.ProbabilityPositive, Tolerances.Algebra);
        Assert.Equal(1 - Normal.CDF(1.5, 2, 3), summary.ProbabilityAboveThreshold, Tolerances.Algebra);
    }

    [Fact]
    public void HighestDensityInterval_SkewedMixture_MatchesBruteForceDensityThreshold()
    {
        var mixture = new NormalMixture([0.7, 0.3], [0, 2], [1, 0.6]);
        var interval = mixture.HighestDensityInterval(0.8);

        // Brute force: the density level c whose region {f > c} holds 80%, on a fine grid.
        const double low = -8, high = 8;
        const int points = 100_000;
        var h = (high - low) / points;
        var density = Enumerable.Range(0, points + 1).Select(i => (0.7 * Normal.PDF(0, 1, low + (i * h))) + (0.3 * Normal.PDF(2, 0.6, low + (i * h)))).ToArray();
        double lo = 0, hi = density.Max();
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var c = 0.5 * (lo + hi);
            var mass = density.Where(d => d > c).Sum() * h;
            (lo, hi) = mass > 0.8 ? (c, hi) : (lo, c);
        }

        var inside = Enumerable.Range(0, points + 1).Where(i => density[i] > lo).ToArray();
        Assert.Equal(low + (inside[0] * h), interval.Lower, 1e-4);
        Assert.Equal(low + (inside[^1] * h), interval.Upper, 1e-4);
        Assert.True(interval.Width < mixture.CentralInterval(0.8).Width);
    }

    [Fact]
    public void HighestDensityInterval_TauDecreasingFromZero_StartsAtZero()
    {
        // Homogeneous effects: the posterior density of τ is largest at τ = 0.
        var data = EffectData.Create([0.1, 0.12, 0.09, 0.11, 0.1], [0.04, 0.05, 0.03, 0.04, 0.06]);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(5), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var interval = fit.Tau.HighestDensityInterval(0.95);

        Assert.True(fit.Tau.Density(0) > fit.Tau.Density(fit.Tau.Median));
        Assert.Equal(0, interval.Lower);
        Assert.Equal(fit.Tau.Quantile(0.95), interval.Upper, Tolerances.Algebra);
        Assert.Equal(0.95, fit.Tau.Cdf(interval.Upper), Tolerances.Algebra);
    }

    [Fact]
    public void Tau2AndI2_AreIncreasingTransformsOfTau()
    {
        var data = EffectData.Create(ReferenceData.BcgY, ReferenceData.BcgV);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(13), [NormalPrior.Create(0, 4)], ScalePrior.HalfNormal(0.5)));
        var w = ReferenceData.BcgV.Select(v => 1 / v).ToArray();
        var typical = 12 * w.Sum() / ((w.Sum() * w.Sum()) - w.Sum(x => x * x));
        var tauMedian = fit.Tau.Median;

        Assert.Equal(tauMedian * tauMedian, fit.Tau2.Median, Tolerances.Algebra);
        Assert.Equal(tauMedian * tauMedian / ((tauMedian * tauMedian) + typical), fit.I2.Median, Tolerances.Algebra);
        Assert.Equal(fit.Tau.Expectation(t => t * t), fit.Tau2.Mean, Tolerances.Algebra);
        Assert.Equal(0.5, fit.I2.Cdf(fit.I2.Median), Tolerances.Algebra);
    }
}
