using MetaAnalysis.Core.Bayesian.Ensemble;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Bayesian.Ensemble;

public class RobustBayesianModelAveragingTests
{
    [Fact]
    public void RobmaPsma_HasThirtySixMembersWithRobmasPriorProbabilities()
    {
        var members = EnsembleDefinition.RobmaPsma().Members;

        Assert.Equal(36, members.Count);
        Assert.Equal(1, members.Sum(m => m.PriorProbability), 12);
        Assert.All(members.Where(m => m.Bias.IsNone), m => Assert.Equal(1.0 / 8, m.PriorProbability, 12));
        Assert.All(members.Where(m => m.Bias is WeightFunctionAdjustment), m => Assert.Equal(1.0 / 96, m.PriorProbability, 12));
        Assert.All(members.Where(m => m.Bias is RegressionAdjustment), m => Assert.Equal(1.0 / 32, m.PriorProbability, 12));
        Assert.Equal(24, members.Count(m => m.Bias is WeightFunctionAdjustment));
    }

    [Fact]
    public void Fit_RobmaPsma_PosteriorProbabilitiesSumToOneAndInclusionFactorsAreTheChangeInOdds()
    {
        var result = RobustBayesianModelAveraging.Fit(EnsembleTestData.Bcg(), EnsembleDefinition.RobmaPsma());

        Assert.Equal(1, result.Members.Sum(m => m.PosteriorProbability), 12);
        Assert.All(result.Members, m => Assert.True(m.ErrorEstimate < RobustBayesianModelAveraging.ErrorWarningThreshold, $"{m.Member.Name}: {m.Diagnostics}"));
        Assert.Empty(result.Warnings);
        AssertOdds(result, result.Effect, m => m.HasEffect);
        AssertOdds(result, result.Heterogeneity, m => m.HasHeterogeneity);
        AssertOdds(result, result.PublicationBias, m => m.HasBias);
        Assert.Equal(0.5, result.PublicationBias.PriorProbability, 12);
    }

    [Fact]
    public void Fit_GaussianSubEnsemble_EqualsTheExactEnginesModelComparison()
    {
        var data = EnsembleTestData.Bcg();
        var definition = EnsembleDefinition.RobmaPsma().Where(m => m.Bias.IsNone);

        var result = RobustBayesianModelAveraging.Fit(data, definition);

        // The four models fitted directly and compared by ModelComparison.
        var priors = EnsemblePriors.RobmaDefault;
        var full = ExactModel.RandomEffects(data.Effects, DesignMatrix.InterceptOnly(data.Effects.K), [priors.Effect], priors.Heterogeneity);
        ComparedModel[] models =
        [
            new("none", ExactBayes.Fit(full.WithoutCoefficients([DesignMatrix.InterceptName]).WithFixedComponent("tau", 0)), 0.25),
            new("heterogeneity", ExactBayes.Fit(full.WithoutCoefficients([DesignMatrix.InterceptName])), 0.25),
            new("effect", ExactBayes.Fit(full.WithFixedComponent("tau", 0)), 0.25),
            new("both", ExactBayes.Fit(full), 0.25),
        ];
        var comparison = ModelComparison.Create(models);
        var fits = new[]
        {
            result.Members.Single(m => !m.Member.HasEffect && !m.Member.HasHeterogeneity),
            result.Members.Single(m => !m.Member.HasEffect && m.Member.HasHeterogeneity),
            result.Members.Single(m => m.Member.HasEffect && !m.Member.HasHeterogeneity),
            result.Members.Single(m => m.Member.HasEffect && m.Member.HasHeterogeneity),
        };
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(comparison.Rows[i].LogMarginalLikelihood, fits[i].LogMarginalLikelihood, 1e-12);
            Assert.Equal(comparison.Rows[i].PosteriorProbability, fits[i].PosteriorProbability, 1e-12);
        }

        var averaged = comparison.AverageEffect();
        Assert.Equal(averaged.LogInclusionBayesFactor, result.Effect.LogBayesFactor, 1e-10);
        Assert.Equal(averaged.Mean, result.Mu.Mean, 1e-10);
        Assert.Equal(averaged.Sd, result.Mu.Sd, 1e-10);
        Assert.Equal(averaged.Quantile(0.025), result.Mu.Lower, 1e-7);
        Assert.Equal(averaged.Quantile(0.975), result.Mu.Upper, 1e-7);
        Assert.Equal(averaged.Conditional.Mean, result.MuConditional.Mean, 1e-10);
        Assert.Equal(averaged.Conditional.Quantile(0.5), result.MuConditional.Median, 1e-7);
    }

    [Fact]
    public void Fit_ThreeLevelGaussianSubEnsemble_UsesTheExactThreeLevelModel()
    {
        var data = EnsembleTestData.SchoolsInDistricts();
        var definition = EnsembleDefinition.RobmaPsma().Where(m => m.Bias.IsNone && m.HasHeterogeneity);

        var result = RobustBayesianModelAveraging.Fit(data, definition);

        var priors = EnsemblePriors.RobmaDefault;
        var full = ExactModel.ThreeLevel(data.Effects, data.Studies!, DesignMatrix.InterceptOnly(data.Effects.K), [priors.Effect], priors.SigmaBetween, priors.SigmaWithin);
        var withEffect = ExactBayes.Fit(full);
        var withoutEffect = ExactBayes.Fit(full.WithoutCoefficients([DesignMatrix.InterceptName]));
        Assert.Equal(withoutEffect.LogMarginalLikelihood!.Value, result.Members[0].LogMarginalLikelihood, 1e-12);
        Assert.Equal(withEffect.LogMarginalLikelihood!.Value, result.Members[1].LogMarginalLikelihood, 1e-12);
        Assert.Equal(withEffect.LogBayesFactorEffect(), result.Effect.LogBayesFactor, 1e-9);
        Assert.Equal(["sigma_between", "sigma_within"], result.HeterogeneityEstimates.Select(h => h.Parameter));
        var expected = (result.Members[0].PosteriorProbability * withoutEffect.Component("sigma_between").Mean)
            + (result.Members[1].PosteriorProbability * withEffect.Component("sigma_between").Mean);
        Assert.Equal(expected, result.HeterogeneityEstimates[0].Mean, 1e-9);
    }

    [Fact]
    public void Fit_StrongSelection_FindsEvidenceForPublicationBias()
    {
        var data = EnsembleTestData.Simulated(80, 0.1, 0.1, nonsignificantPublished: 0.1, seed: 2024);

        var result = RobustBayesianModelAveraging.Fit(data, EnsembleDefinition.RobmaPsma());

        Assert.True(result.PublicationBias.BayesFactor > 1, $"BF_bias = {result.PublicationBias.BayesFactor:G3}");
    }

    [Fact]
    public void Fit_NoSelection_FindsEvidenceAgainstPublicationBias()
    {
        var data = EnsembleTestData.Simulated(80, 0.1, 0.1, nonsignificantPublished: 1, seed: 2024);

        var result = RobustBayesianModelAveraging.Fit(data, EnsembleDefinition.RobmaPsma());

        Assert.True(result.PublicationBias.BayesFactor < 1, $"BF_bias = {result.PublicationBias.BayesFactor:G3}");
    }

    private static void AssertOdds(EnsembleResult result, InclusionBayesFactor inclusion, Func<EnsembleMember, bool> has)
    {
        var priorIn = result.Members.Where(m => has(m.Member)).Sum(m => m.Member.PriorProbability);
        var posteriorIn = result.Members.Where(m => has(m.Member)).Sum(m => m.PosteriorProbability);
        var posteriorOut = result.Members.Where(m => !has(m.Member)).Sum(m => m.PosteriorProbability);
        Assert.Equal(priorIn, inclusion.PriorProbability, 12);
        Assert.Equal(posteriorIn, inclusion.PosteriorProbability, 12);
        var expected = (posteriorIn / posteriorOut) / (priorIn / (1 - priorIn));
        Assert.Equal(Math.Log(expected), inclusion.LogBayesFactor, 1e-9);
    }
}
