using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>The exact engine in limits with closed forms, and with wide priors against REML (metafor's published BCG analysis).</summary>
public class ExactBayesLimitTests
{
    private static readonly EffectData Bcg = EffectData.Create(ReferenceData.BcgY, ReferenceData.BcgV);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    public void Fit_KnownTau_IsTheConjugateNormalPosterior(double tau)
    {
        var fit = ExactBayes.Fit(ExactModel.KnownHeterogeneity(Bcg, DesignMatrix.InterceptOnly(13), [NormalPrior.Create(0.5, 4)], tau));

        var weights = ReferenceData.BcgV.Select(v => 1 / (v + (tau * tau))).ToArray();
        var precision = weights.Sum() + (1 / 16.0);
        var mean = (weights.Select((w, i) => w * ReferenceData.BcgY[i]).Sum() + (0.5 / 16)) / precision;
        var covariance = Matrix<double>.Build.DenseOfDiagonalArray(ReferenceData.BcgV.Select(v => v + (tau * tau)).ToArray()) + Matrix<double>.Build.Dense(13, 13, 16);
        var logMarginal = BruteForceRandomEffects.LogNormalDensity(
            Vector<double>.Build.DenseOfArray(ReferenceData.BcgY), Vector<double>.Build.Dense(13, 0.5), covariance);

        Assert.Equal(mean, fit.Coefficient(0).Mean, Tolerances.Algebra);
        Assert.Equal(Math.Sqrt(1 / precision), fit.Coefficient(0).Sd, Tolerances.Algebra);
        Assert.Equal(mean + (1.959963984540054 / Math.Sqrt(precision)), fit.Coefficient(0).Quantile(0.975), Tolerances.Algebra);
        Assert.Equal(logMarginal, fit.LogMarginalLikelihood!.Value, Tolerances.Algebra);
        Assert.Equal(0, fit.Diagnostics.RelativeErrorEstimate);
    }

    [Fact]
    public void Fit_TauPriorConcentratedAtZero_ApproachesCommonEffectModel()
    {
        var design = DesignMatrix.InterceptOnly(13);
        var random = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 4)], ScalePrior.HalfNormal(1e-7)));
        var common = ExactBayes.Fit(ExactModel.KnownHeterogeneity(Bcg, design, [NormalPrior.Create(0, 4)], 0));

        Assert.Equal(common.Coefficient(0).Mean, random.Coefficient(0).Mean, 1e-9);
        Assert.Equal(common.Coefficient(0).Sd, random.Coefficient(0).Sd, 1e-9);
        Assert.Equal(0, random.LogBayesFactorHeterogeneity(), 1e-9);
    }

    [Fact]
    public void Fit_FlatPriorsOnBcg_PosteriorModeOfTauIsRemlAsPublishedByMetafor()
    {
        // With a flat prior on μ and a uniform prior on τ the posterior of τ is proportional to the
        // restricted likelihood, so its mode is the REML estimate: metafor reports τ² = 0.3132 for dat.bcg.
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, DesignMatrix.InterceptOnly(13), [null], ScalePrior.Uniform(10)));
        var mode = GoldenSectionMinimizer.Minimum(ObjectiveFunction.ScalarValue(t => -fit.Tau.Density(t)), 0.2, 1.2, 1e-9).MinimizingPoint;
        var reml = GoldenSectionMinimizer.Minimum(ObjectiveFunction.ScalarValue(t => -RestrictedLogLikelihood(t * t)), 0.2, 1.2, 1e-10).MinimizingPoint;

        Assert.Equal(0.3132, mode * mode, Tolerances.Printed4);
        Assert.Equal(reml, mode, 1e-5);
        Assert.Null(fit.LogMarginalLikelihood);
    }

    [Fact]
    public void Fit_FlatMuPriorAtRemlTau_GivesMetaforsEstimateAndStandardError()
    {
        var reml = GoldenSectionMinimizer.Minimum(ObjectiveFunction.ScalarValue(t => -RestrictedLogLikelihood(t * t)), 0.2, 1.2, 1e-10).MinimizingPoint;
        var fit = ExactBayes.Fit(ExactModel.KnownHeterogeneity(Bcg, DesignMatrix.InterceptOnly(13), [null], reml));
        var wide = ExactBayes.Fit(ExactModel.KnownHeterogeneity(Bcg, DesignMatrix.InterceptOnly(13), [NormalPrior.Create(0, 1e5)], reml));

        Assert.Equal(-0.7145, fit.Coefficient(0).Mean, Tolerances.Printed4);
        Assert.Equal(0.1798, fit.Coefficient(0).Sd, Tolerances.Printed4);
        Assert.Equal(fit.Coefficient(0).Mean, wide.Coefficient(0).Mean, 1e-9);
        Assert.Equal(fit.Coefficient(0).Sd, wide.Coefficient(0).Sd, 1e-9);
    }

    [Fact]
    public void Fit_VeryWideNormalPrior_MatchesFlatPriorPosterior()
    {
        var design = DesignMatrix.InterceptOnly(13);
        var flat = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [null], ScalePrior.HalfCauchy(1)));
        var wide = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 1e6)], ScalePrior.HalfCauchy(1)));

        Assert.Equal(flat.Coefficient(0).Mean, wide.Coefficient(0).Mean, 1e-9);
        Assert.Equal(flat.Tau.Mean, wide.Tau.Mean, 1e-9);
        Assert.Equal(flat.LogBayesFactorHeterogeneity(), wide.LogBayesFactorHeterogeneity(), 1e-8);
    }

    /// <summary>The REML log-likelihood of the intercept-only model at τ², up to a constant, by plain algebra.</summary>
    private static double RestrictedLogLikelihood(double tau2)
    {
        var w = ReferenceData.BcgV.Select(v => 1 / (v + tau2)).ToArray();
        var mean = w.Select((wi, i) => wi * ReferenceData.BcgY[i]).Sum() / w.Sum();
        var q = w.Select((wi, i) => wi * Math.Pow(ReferenceData.BcgY[i] - mean, 2)).Sum();
        return -0.5 * (w.Sum(wi => -Math.Log(wi)) + Math.Log(w.Sum()) + q);
    }
}
