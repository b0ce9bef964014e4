using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

public class ModelComparisonTests
{
    private static readonly EffectData Bcg = EffectData.Create(ReferenceData.BcgY, ReferenceData.BcgV);

    [Fact]
    public void Create_EffectAndNullModels_PosteriorProbabilitiesFollowBruteForceMarginalLikelihoods()
    {
        var design = DesignMatrix.InterceptOnly(13);
        var effect = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var noEffect = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)).WithoutCoefficients(["intrcpt"]));
        var comparison = ModelComparison.Create([new("effect", effect, 1), new("no effect", noEffect, 3)]);

        double LogPrior(double t) => Math.Log(2 * Normal.PDF(0, 0.5, t));
        var bruteEffect = new BruteForceRandomEffects(ReferenceData.BcgY, ReferenceData.BcgV, ReferenceData.Ones(13), [0], [1], LogPrior, 20).LogMarginalLikelihood;
        var bruteNull = new BruteForceRandomEffects(ReferenceData.BcgY, ReferenceData.BcgV, new double[13, 0], [], [], LogPrior, 20).LogMarginalLikelihood;
        var odds = Math.Exp(bruteEffect - bruteNull) / 3;

        Assert.Equal(odds / (1 + odds), comparison.Rows[0].PosteriorProbability, 1e-8);
        Assert.Equal(0.25, comparison.Rows[0].PriorProbability, Tolerances.Algebra);
        Assert.Equal(bruteEffect - bruteNull, comparison.LogBayesFactor(0, 1), Tolerances.ExactIntegration);

        var averaged = comparison.AverageEffect();
        Assert.Equal(bruteEffect - bruteNull, averaged.LogInclusionBayesFactor, Tolerances.ExactIntegration);
        Assert.Equal(comparison.Rows[0].PosteriorProbability * effect.Coefficient(0).Mean, averaged.Mean, Tolerances.Algebra);
        Assert.Equal(effect.Coefficient(0).Quantile(0.3), averaged.Conditional.Quantile(0.3), 1e-10);
    }

    [Fact]
    public void AverageEffect_TwoTauPriors_MixesTheirPosteriors()
    {
        var design = DesignMatrix.InterceptOnly(13);
        var halfNormal = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var halfCauchy = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfCauchy(1)));
        var comparison = ModelComparison.Create([new("half-normal", halfNormal), new("half-Cauchy", halfCauchy)]);
        var (p0, p1) = (comparison.Rows[0].PosteriorProbability, comparison.Rows[1].PosteriorProbability);
        var averaged = comparison.AverageEffect().Conditional;

        Assert.Equal(1, p0 + p1, Tolerances.Algebra);
        Assert.Equal((p0 * halfNormal.Coefficient(0).Mean) + (p1 * halfCauchy.Coefficient(0).Mean), averaged.Mean, Tolerances.Algebra);
        Assert.Equal((p0 * halfNormal.Coefficient(0).Cdf(-0.7)) + (p1 * halfCauchy.Coefficient(0).Cdf(-0.7)), averaged.Cdf(-0.7), 1e-12);
        Assert.True(double.IsNaN(comparison.AverageEffect().LogInclusionBayesFactor));
    }

    [Fact]
    public void Create_DifferentDataOrFlatPrior_ThrowsNamingTheModel()
    {
        var design = DesignMatrix.InterceptOnly(13);
        var bcg = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var other = ExactBayes.Fit(ExactModel.RandomEffects(EffectData.Create(ReferenceData.BcgY.Select(y => y + 1).ToArray(), ReferenceData.BcgV), design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var flat = ExactBayes.Fit(ExactModel.RandomEffects(Bcg, design, [null], ScalePrior.HalfNormal(0.5)));

        Assert.Equal("models[1]", Assert.Throws<InvalidInputException>(() => ModelComparison.Create([new("a", bcg), new("b", other)])).Field);
        Assert.Equal("models[1]", Assert.Throws<InvalidInputException>(() => ModelComparison.Create([new("a", bcg), new("b", flat)])).Field);
        Assert.Equal("models[0].prior_probability", Assert.Throws<InvalidInputException>(() => ModelComparison.Create([new("a", bcg, 0), new("b", bcg)])).Field);
    }
}
