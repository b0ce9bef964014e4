using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Tests.Bayesian.Models;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>
/// The exact engine's three-level model on correlated sampling errors (V from a working ρ within
/// districts) against a brute-force two-dimensional integral over (σ_between, σ_within) whose likelihood
/// is built from the full k x k covariance V + σ_b² ZZ' + σ_w² I, and against NUTS on the same model.
/// </summary>
public class ExactCorrelatedThreeLevelTests
{
    private const double Rho = 0.6;

    private static readonly EffectData Data = EffectData.Create(ReferenceData.SchoolsInDistrictsY, ReferenceData.SchoolsInDistrictsV);

    private static SamplingCovariance V(double rho) =>
        SamplingCovariance.ConstantCorrelation(Data.Vi, EffectClusters.Create(ReferenceData.SchoolsInDistricts, Data.K), rho);

    private static ExactModel Model(double rho) => ExactModel.ThreeLevel(
        Data, V(rho), DesignMatrix.InterceptOnly(Data.K), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfCauchy(0.3));

    [Fact]
    public void Fit_SchoolsInDistrictsOnV_MatchesTwoDimensionalBruteForce()
    {
        var fit = ExactBayes.Fit(Model(Rho));
        var v = V(Rho).ToMatrix();
        var clusters = ReferenceData.SchoolsInDistricts;
        var k = Data.K;

        const double low = -28, high = 1.2;
        const int points = 400;
        var h = (high - low) / points;
        var yv = Vector<double>.Build.DenseOfArray(ReferenceData.SchoolsInDistrictsY);
        var logValues = new double[points + 1, points + 1];
        var muMean = new double[points + 1, points + 1];
        var muVariance = new double[points + 1, points + 1];
        for (var a = 0; a <= points; a++)
        {
            for (var c = 0; c <= points; c++)
            {
                double ub = low + (a * h), uw = low + (c * h), between = Math.Exp(ub), within = Math.Exp(uw);
                var covariance = Matrix<double>.Build.Dense(k, k, (i, j) =>
                    v[i, j] + (clusters[i] == clusters[j] ? between * between : 0) + (i == j ? within * within : 0));

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
        double total = 0, sumBetween = 0, sumWithin = 0, sumWithin2 = 0, sumMu = 0, sumMu2 = 0;
        for (var a = 0; a <= points; a++)
        {
            for (var c = 0; c <= points; c++)
            {
                var w = Math.Exp(logValues[a, c] - max);
                double between = Math.Exp(low + (a * h)), within = Math.Exp(low + (c * h));
                total += w;
                sumBetween += w * between;
                sumWithin += w * within;
                sumWithin2 += w * within * within;
                sumMu += w * muMean[a, c];
                sumMu2 += w * (muVariance[a, c] + (muMean[a, c] * muMean[a, c]));
            }
        }

        Assert.Equal(max + Math.Log(total * h * h), fit.LogMarginalLikelihood!.Value, 1e-7);
        Assert.Equal(sumBetween / total, fit.Component("sigma_between").Mean, 1e-8);
        Assert.Equal(sumWithin / total, fit.Component("sigma_within").Mean, 1e-8);
        Assert.Equal(Math.Sqrt((sumWithin2 / total) - Math.Pow(sumWithin / total, 2)), fit.Component("sigma_within").Sd, 1e-8);
        Assert.Equal(sumMu / total, fit.Coefficient(0).Mean, 1e-8);
        Assert.Equal(Math.Sqrt((sumMu2 / total) - Math.Pow(sumMu / total, 2)), fit.Coefficient(0).Sd, 1e-8);
        Assert.True(fit.Diagnostics.RelativeErrorEstimate < 1e-8);

        // The correlation matters: the independent-errors posterior is a different one.
        Assert.NotEqual(ExactBayes.Fit(Model(0)).Coefficient(0).Mean, fit.Coefficient(0).Mean, 1e-3);
    }

    [Fact]
    public void StudyEffects_AtFixedComponents_AreTheJointGaussianPosteriorOfTheTrueEffects()
    {
        const double between = 0.2, within = 0.15;
        var model = Model(Rho).WithFixedComponent("sigma_between", between).WithFixedComponent("sigma_within", within);
        var effects = ExactBayes.Fit(model).StudyEffects();

        // θ = 1μ + Zu + w with μ ~ N(0, 1) a priori, y = θ + e, e ~ N(0, V): the normal update of θ.
        var k = Data.K;
        var clusters = ReferenceData.SchoolsInDistricts;
        var prior = Matrix<double>.Build.Dense(k, k, (i, j) => 1 + (clusters[i] == clusters[j] ? between * between : 0) + (i == j ? within * within : 0));
        var marginal = prior + V(Rho).ToMatrix();
        var y = Vector<double>.Build.DenseOfArray(ReferenceData.SchoolsInDistrictsY);
        var mean = prior * marginal.Cholesky().Solve(y);
        var covariance = prior - (prior * marginal.Cholesky().Solve(prior));
        for (var i = 0; i < k; i++)
        {
            Assert.Equal(mean[i], effects[i].Mean, 1e-10);
            Assert.Equal(Math.Sqrt(covariance[i, i]), effects[i].Sd, 1e-10);
        }
    }

    [Fact]
    public void Gradient_CorrelatedNutsModel_AgreesWithFiniteDifferences()
    {
        var design = DesignMatrix.Create(Data.K, [Moderator.Continuous("year", Enumerable.Range(1, Data.K).Select(i => (double)i).ToArray())]);
        var model = new NonCentredCorrelatedThreeLevelModel(Data, V(Rho), NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfCauchy(0.3), design, NormalPrior.Create(0, 1));

        GradientCheck.AssertMatchesFiniteDifferences(model, GradientCheck.RandomPoint(model.Dimension, 11));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(Rho)]
    public void Sample_CorrelatedNutsModel_AgreesWithTheExactPosteriorWithinFourMcse(double rho)
    {
        // All 56 schools in 11 districts: with the five districts above σ_between is barely identified
        // and the sampler diverges whatever ρ is.
        var reference = ReferenceCaseFile.Load("bayes-konstantopoulos-3level.json");
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var v = SamplingCovariance.ConstantCorrelation(data.Vi, EffectClusters.Create(reference.Labels("cluster"), data.K), rho);
        var exact = ExactBayes.Fit(ExactModel.ThreeLevel(data, v, DesignMatrix.InterceptOnly(data.K), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));
        var model = new NonCentredCorrelatedThreeLevelModel(data, v, NormalPrior.Create(0, 1), ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5));

        var result = Sampler.Run(model, new SamplerOptions { Seed = 61, SamplingIterations = 3000, TargetAcceptance = 0.9 });
        var report = DiagnosticReport.Create(result, ["mu", "sigma_between", "sigma_within"]);

        Assert.Empty(report.Warnings);
        ExactAgreement.AssertWithinMonteCarloError(report["mu"], Summary(exact.Coefficient(0)));
        ExactAgreement.AssertWithinMonteCarloError(report["sigma_between"], Summary(exact.Component("sigma_between")));
        ExactAgreement.AssertWithinMonteCarloError(report["sigma_within"], Summary(exact.Component("sigma_within")));
    }

    private static (double Mean, double Sd, double Median, double Q025, double Q975) Summary(UnivariatePosterior posterior) =>
        (posterior.Mean, posterior.Sd, posterior.Median, posterior.Quantile(0.025), posterior.Quantile(0.975));
}
