using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>
/// The three-level model against a two-dimensional brute-force integral: the trapezoid rule on a fine
/// grid of (log σ_between, log σ_within) — spectrally accurate for these smooth, rapidly decaying
/// integrands — with the likelihood from the full k x k marginal covariance built element by element.
/// </summary>
public class ExactThreeLevelBruteForceTests
{
    [Fact]
    public void Fit_SchoolsInDistricts_MatchesTwoDimensionalBruteForce()
    {
        var y = ReferenceData.SchoolsInDistrictsY;
        var v = ReferenceData.SchoolsInDistrictsV;
        var clusters = ReferenceData.SchoolsInDistricts;
        var k = y.Length;
        var fit = ExactBayes.Fit(ExactModel.ThreeLevel(
            EffectData.Create(y, v), clusters, DesignMatrix.InterceptOnly(k), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfCauchy(0.3)));

        const double low = -28, high = 1.2;
        const int points = 400;
        var h = (high - low) / points;
        var yv = Vector<double>.Build.DenseOfArray(y);
        var logValues = new double[points + 1, points + 1];
        var muMean = new double[points + 1, points + 1];
        var muVariance = new double[points + 1, points + 1];
        for (var a = 0; a <= points; a++)
        {
            for (var c = 0; c <= points; c++)
            {
                double ub = low + (a * h), uw = low + (c * h), between = Math.Exp(ub), within = Math.Exp(uw);
                var covariance = Matrix<double>.Build.Dense(k, k, (i, j) =>
                    (clusters[i] == clusters[j] ? between * between : 0) + (i == j ? v[i] + (within * within) : 0));

                // y ~ N(0, M + 1·1') with μ ~ N(0, 1) integrated out; μ | y, σ by the normal update.
                var marginal = covariance + Matrix<double>.Build.Dense(k, k, 1);
                var logLikelihood = BruteForceRandomEffects.LogNormalDensity(yv, Vector<double>.Build.Dense(k), marginal);
                var inverseOnes = covariance.Cholesky().Solve(Vector<double>.Build.Dense(k, 1));
                var precision = inverseOnes.Sum() + 1;
                muMean[a, c] = inverseOnes.DotProduct(yv) / precision;
                muVariance[a, c] = 1 / precision;
                logValues[a, c] = logLikelihood + Math.Log(2 * Normal.PDF(0, 0.5, between)) + Math.Log(2 * Cauchy.PDF(0, 0.3, within)) + ub + uw;
            }
        }

        var max = logValues.Cast<double>().Max();
        double total = 0, sumBetween = 0, sumBetween2 = 0, sumWithin = 0, sumMu = 0, sumMu2 = 0, belowLower = 0;
        var lower = fit.Coefficient(0).Quantile(0.025);
        for (var a = 0; a <= points; a++)
        {
            for (var c = 0; c <= points; c++)
            {
                var w = Math.Exp(logValues[a, c] - max);
                double between = Math.Exp(low + (a * h)), within = Math.Exp(low + (c * h));
                total += w;
                sumBetween += w * between;
                sumBetween2 += w * between * between;
                sumWithin += w * within;
                sumMu += w * muMean[a, c];
                sumMu2 += w * (muVariance[a, c] + (muMean[a, c] * muMean[a, c]));
                belowLower += w * Normal.CDF(muMean[a, c], Math.Sqrt(muVariance[a, c]), lower);
            }
        }

        Assert.Equal(max + Math.Log(total * h * h), fit.LogMarginalLikelihood!.Value, 1e-7);
        Assert.Equal(sumBetween / total, fit.Component("sigma_between").Mean, 1e-8);
        Assert.Equal(Math.Sqrt((sumBetween2 / total) - Math.Pow(sumBetween / total, 2)), fit.Component("sigma_between").Sd, 1e-8);
        Assert.Equal(sumWithin / total, fit.Component("sigma_within").Mean, 1e-8);
        Assert.Equal(sumMu / total, fit.Coefficient(0).Mean, 1e-8);
        Assert.Equal(Math.Sqrt((sumMu2 / total) - Math.Pow(sumMu / total, 2)), fit.Coefficient(0).Sd, 1e-8);
        Assert.Equal(0.025, belowLower / total, Tolerances.BruteForceQuantile);
        Assert.True(fit.Diagnostics.RelativeErrorEstimate < 1e-8);
    }

    [Fact]
    public void LogBayesFactorComponent_BetweenFixedAtZero_EqualsTwoLevelModel()
    {
        // Without a between-district component the model is the random-effects model with τ = σ_within.
        var data = EffectData.Create(ReferenceData.SchoolsInDistrictsY, ReferenceData.SchoolsInDistrictsV);
        var k = data.K;
        var threeLevel = ExactBayes.Fit(ExactModel.ThreeLevel(
            data, ReferenceData.SchoolsInDistricts, DesignMatrix.InterceptOnly(k), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));
        var brute = new BruteForceRandomEffects(data.Yi.ToArray(), data.Vi.ToArray(), ReferenceData.Ones(k), [0], [1], t => Math.Log(2 * Normal.PDF(0, 0.5, t)), 10);

        Assert.Equal(threeLevel.LogMarginalLikelihood!.Value - brute.LogMarginalLikelihood, threeLevel.LogBayesFactorComponent("sigma_between"), Tolerances.ExactIntegration);
    }
}
