using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>The exact engine against an independent brute-force integration over τ (full-covariance likelihood, fine Simpson grid).</summary>
public class ExactBayesBruteForceTests
{
    public static TheoryData<string> TauPriors() =>
        ["half_normal", "half_cauchy", "half_t", "uniform", "inv_gamma_tau2", "log_normal_tau2", "tabulated"];

    [Theory]
    [MemberData(nameof(TauPriors))]
    public void Fit_EightSchoolsWithEachTauPrior_MatchesBruteForce(string prior)
    {
        var (scalePrior, logDensity, upper) = Prior(prior);
        var data = EffectData.Create(ReferenceData.SchoolsY, ReferenceData.SchoolsV);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(8), [NormalPrior.Create(0, 20)], scalePrior));
        var brute = new BruteForceRandomEffects(ReferenceData.SchoolsY, ReferenceData.SchoolsV, ReferenceData.Ones(8), [0], [20], logDensity, upper);

        // A piecewise-linear prior has kinks that limit both integrations to algebraic convergence.
        var tolerance = prior == "tabulated" ? Tolerances.BruteForceQuantile : Tolerances.ExactIntegration;
        Assert.Equal(brute.LogMarginalLikelihood, fit.LogMarginalLikelihood!.Value, tolerance);
        AssertRelative(brute.Expectation(t => t), fit.Tau.Mean, tolerance);
        AssertRelative(Math.Sqrt(brute.Expectation(t => t * t) - Math.Pow(brute.Expectation(t => t), 2)), fit.Tau.Sd, tolerance);
        var muMean = brute.Expectation((b, _, _) => b[0]);
        AssertRelative(muMean, fit.Coefficient(0).Mean, tolerance);
        AssertRelative(Math.Sqrt(brute.Expectation((b, c, _) => c[0, 0] + (b[0] * b[0])) - (muMean * muMean)), fit.Coefficient(0).Sd, tolerance);
        foreach (var p in new[] { 0.025, 0.5, 0.975 })
        {
            Assert.Equal(p, brute.TauCdf(fit.Tau.Quantile(p)), Tolerances.BruteForceQuantile);
            Assert.Equal(p, brute.CoefficientCdf(0, fit.Coefficient(0).Quantile(p)), Tolerances.BruteForceQuantile);
        }

        Assert.True(fit.Diagnostics.RelativeErrorEstimate < 1e-8, $"integration error estimate {fit.Diagnostics.RelativeErrorEstimate}");
    }

    [Fact]
    public void LogBayesFactors_EightSchoolsHalfNormal_MatchBruteForceAndClosedForm()
    {
        var data = EffectData.Create(ReferenceData.SchoolsY, ReferenceData.SchoolsV);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(8), [NormalPrior.Create(0, 20)], ScalePrior.HalfNormal(5)));
        double LogPrior(double t) => Math.Log(2 * Normal.PDF(0, 5, t));
        var free = new BruteForceRandomEffects(ReferenceData.SchoolsY, ReferenceData.SchoolsV, ReferenceData.Ones(8), [0], [20], LogPrior, 200);
        var zeroMean = new BruteForceRandomEffects(ReferenceData.SchoolsY, ReferenceData.SchoolsV, new double[8, 0], [], [], LogPrior, 200);

        // τ = 0: y ~ N(0, V + 20² 11').
        var y = Vector<double>.Build.DenseOfArray(ReferenceData.SchoolsY);
        var covariance = Matrix<double>.Build.DenseOfDiagonalArray(ReferenceData.SchoolsV) + Matrix<double>.Build.Dense(8, 8, 400);
        var commonEffect = BruteForceRandomEffects.LogNormalDensity(y, Vector<double>.Build.Dense(8), covariance);

        Assert.Equal(free.LogMarginalLikelihood - zeroMean.LogMarginalLikelihood, fit.LogBayesFactorEffect(), Tolerances.ExactIntegration);
        Assert.Equal(free.LogMarginalLikelihood - commonEffect, fit.LogBayesFactorHeterogeneity(), Tolerances.ExactIntegration);
    }

    [Fact]
    public void Fit_BcgMetaRegressionOnLatitude_MatchesBruteForce()
    {
        var data = EffectData.Create(ReferenceData.BcgY, ReferenceData.BcgV);
        var design = DesignMatrix.Create(13, [Moderator.Continuous("ablat", ReferenceData.BcgLatitude)]);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(data, design, [NormalPrior.Create(0, 4), NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var x = new double[13, 2];
        var xIntercept = new double[13, 1];
        for (var i = 0; i < 13; i++)
        {
            x[i, 0] = 1;
            x[i, 1] = ReferenceData.BcgLatitude[i];
            xIntercept[i, 0] = 1;
        }

        double LogPrior(double t) => Math.Log(2 * Normal.PDF(0, 0.5, t));
        var brute = new BruteForceRandomEffects(ReferenceData.BcgY, ReferenceData.BcgV, x, [0, 0], [4, 1], LogPrior, 20);
        var withoutSlope = new BruteForceRandomEffects(ReferenceData.BcgY, ReferenceData.BcgV, xIntercept, [0], [4], LogPrior, 20);

        Assert.Equal(brute.LogMarginalLikelihood, fit.LogMarginalLikelihood!.Value, Tolerances.ExactIntegration);
        for (var j = 0; j < 2; j++)
        {
            var mean = brute.Expectation((b, _, _) => b[j]);
            AssertRelative(mean, fit.Coefficient(j).Mean, Tolerances.ExactIntegration);
            AssertRelative(Math.Sqrt(brute.Expectation((b, c, _) => c[j, j] + (b[j] * b[j])) - (mean * mean)), fit.Coefficient(j).Sd, Tolerances.ExactIntegration);
            Assert.Equal(0.975, brute.CoefficientCdf(j, fit.Coefficient(j).Quantile(0.975)), Tolerances.BruteForceQuantile);
        }

        Assert.Equal(brute.LogMarginalLikelihood - withoutSlope.LogMarginalLikelihood, fit.LogBayesFactorCoefficients(["ablat"]), Tolerances.ExactIntegration);
    }

    [Fact]
    public void StudyEffectsI2AndPredictiveCheck_Bcg_MatchBruteForce()
    {
        var data = EffectData.Create(ReferenceData.BcgY, ReferenceData.BcgV);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(13), [NormalPrior.Create(0, 4)], ScalePrior.HalfNormal(0.5)));
        var brute = new BruteForceRandomEffects(ReferenceData.BcgY, ReferenceData.BcgV, ReferenceData.Ones(13), [0], [4], t => Math.Log(2 * Normal.PDF(0, 0.5, t)), 20);
        var y = Vector<double>.Build.DenseOfArray(ReferenceData.BcgY);
        var v = Matrix<double>.Build.DenseOfDiagonalArray(ReferenceData.BcgV);

        // θ | y, τ from the joint normal of (θ, y): θ ~ N(0, τ²I + 16·11'), y = θ + e.
        var effects = fit.StudyEffects();
        for (var i = 0; i < 13; i++)
        {
            var index = i;
            double Conditional(double t, bool second)
            {
                var prior = (Matrix<double>.Build.DenseIdentity(13) * t * t) + Matrix<double>.Build.Dense(13, 13, 16);
                var gain = prior * (prior + v).Inverse();
                var mean = (gain * y)[index];
                var variance = (prior - (gain * prior))[index, index];
                return second ? variance + (mean * mean) : mean;
            }

            var first = brute.Expectation((_, _, t) => Conditional(t, second: false));
            AssertRelative(first, effects[i].Mean, Tolerances.ExactIntegration);
            AssertRelative(Math.Sqrt(brute.Expectation((_, _, t) => Conditional(t, second: true)) - (first * first)), effects[i].Sd, Tolerances.ExactIntegration);
        }

        // I² with Higgins and Thompson's typical variance (k − 1)Σw / ((Σw)² − Σw²).
        var w = ReferenceData.BcgV.Select(vi => 1 / vi).ToArray();
        var typical = 12 * w.Sum() / ((w.Sum() * w.Sum()) - w.Sum(x => x * x));
        AssertRelative(brute.Expectation(t => t * t / ((t * t) + typical)), fit.I2.Mean, Tolerances.ExactIntegration);

        // Q at τ against χ² on k − 1 degrees of freedom, averaged over τ.
        double QPValue(double t)
        {
            var weights = ReferenceData.BcgV.Select(vi => 1 / (vi + (t * t))).ToArray();
            var mean = weights.Select((wi, i) => wi * ReferenceData.BcgY[i]).Sum() / weights.Sum();
            var q = weights.Select((wi, i) => wi * Math.Pow(ReferenceData.BcgY[i] - mean, 2)).Sum();
            return 1 - ChiSquared.CDF(12, q);
        }

        Assert.Equal(brute.Expectation(QPValue), fit.PosteriorPredictiveCheck().QPValue, Tolerances.ExactIntegration);
    }

    private static (ScalePrior Prior, Func<double, double> LogDensity, double Upper) Prior(string name) => name switch
    {
        "half_normal" => (ScalePrior.HalfNormal(5), t => Math.Log(2 * Normal.PDF(0, 5, t)), 300),
        "half_cauchy" => (ScalePrior.HalfCauchy(25), t => Math.Log(2 * Cauchy.PDF(0, 25, t)), 5000),
        "half_t" => (ScalePrior.HalfStudentT(3, 10), t => Math.Log(2 * StudentT.PDF(0, 10, 3, t)), 5000),
        // The grid's last point is exp(log 40), which may round above 40.
        "uniform" => (ScalePrior.Uniform(40), t => t <= 40 * (1 + 1e-12) ? -Math.Log(40) : double.NegativeInfinity, 40),
        "inv_gamma_tau2" => (ScalePrior.InverseGammaOnTau2(1, 10), t => Math.Log(InverseGamma.PDF(1, 10, t * t) * 2 * t), 5000),
        "log_normal_tau2" => (ScalePrior.LogNormalOnTau2(3, 1.5), t => Math.Log(LogNormal.PDF(3, 1.5, t * t) * 2 * t), 5000),
        _ => (ScalePrior.Tabulated([0, 10, 30], [1, 1, 0]), t => t <= 10 ? Math.Log(1 / 20.0) : t <= 30 ? Math.Log((30 - t) / 400.0) : double.NegativeInfinity, 30),
    };

    private static void AssertRelative(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
