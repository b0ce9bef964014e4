using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>Bad priors, data and requests get errors that name the field.</summary>
public class ExactBayesValidationTests
{
    private static readonly EffectData Schools = EffectData.Create(ReferenceData.SchoolsY, ReferenceData.SchoolsV);

    public static TheoryData<string, string> BadPriors() => new()
    {
        { "half_normal", "priors.tau.scale" },
        { "half_cauchy", "priors.tau.scale" },
        { "half_t", "priors.tau.df" },
        { "uniform", "priors.tau.upper" },
        { "inv_gamma_tau2", "priors.tau.shape" },
        { "log_normal_tau2", "priors.tau.sdlog" },
        { "tabulated_order", "priors.tau.tau[2]" },
        { "tabulated_negative", "priors.tau.density[1]" },
        { "tabulated_zero", "priors.tau.density" },
        { "normal", "priors.mu.sd" },
    };

    [Theory]
    [MemberData(nameof(BadPriors))]
    public void Create_InvalidPrior_ThrowsNamingTheParameter(string prior, string field)
    {
        Action create = prior switch
        {
            "half_normal" => () => ScalePrior.HalfNormal(-1, "priors.tau"),
            "half_cauchy" => () => ScalePrior.HalfCauchy(0, "priors.tau"),
            "half_t" => () => ScalePrior.HalfStudentT(double.NaN, 1, "priors.tau"),
            "uniform" => () => ScalePrior.Uniform(0, "priors.tau"),
            "inv_gamma_tau2" => () => ScalePrior.InverseGammaOnTau2(-2, 1, "priors.tau"),
            "log_normal_tau2" => () => ScalePrior.LogNormalOnTau2(0, 0, "priors.tau"),
            "tabulated_order" => () => ScalePrior.Tabulated([0, 1, 1], [1, 1, 1], "priors.tau"),
            "tabulated_negative" => () => ScalePrior.Tabulated([0, 1, 2], [1, -1, 1], "priors.tau"),
            "tabulated_zero" => () => ScalePrior.Tabulated([0, 1, 2], [0, 0, 0], "priors.tau"),
            _ => () => NormalPrior.Create(0, -3, "priors.mu"),
        };

        var error = Assert.Throws<InvalidInputException>(create);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void RandomEffects_WrongNumberOfCoefficientPriors_ThrowsNamingPriors()
    {
        var design = DesignMatrix.Create(8, [Moderator.Continuous("x", [1, 2, 3, 4, 5, 6, 7, 8])]);
        var error = Assert.Throws<InvalidInputException>(() => ExactModel.RandomEffects(Schools, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(1)));
        Assert.Equal("priors", error.Field);
    }

    [Fact]
    public void ThreeLevel_ClusterMissingOrMisaligned_ThrowsNamingCluster()
    {
        var design = DesignMatrix.InterceptOnly(8);
        var priors = new NormalPrior?[] { NormalPrior.Create(0, 1) };
        var missing = Assert.Throws<InvalidInputException>(() => ExactModel.ThreeLevel(Schools, ["a", "a", " ", "b", "b", "c", "c", "c"], design, priors, ScalePrior.HalfNormal(1), ScalePrior.HalfNormal(1)));
        var short_ = Assert.Throws<InvalidInputException>(() => ExactModel.ThreeLevel(Schools, ["a", "b"], design, priors, ScalePrior.HalfNormal(1), ScalePrior.HalfNormal(1)));

        Assert.Equal("cluster[2]", missing.Field);
        Assert.Equal("cluster", short_.Field);
    }

    [Fact]
    public void EffectData_NegativeVariance_ThrowsNamingTheRow()
    {
        var error = Assert.Throws<InvalidInputException>(() => EffectData.Create([1, 2, 3], [0.1, -0.2, 0.3]));
        Assert.Equal("vi[1]", error.Field);
    }

    [Fact]
    public void KnownHeterogeneity_NegativeTau_ThrowsNamingTau()
    {
        var error = Assert.Throws<InvalidInputException>(() => ExactModel.KnownHeterogeneity(Schools, DesignMatrix.InterceptOnly(8), [null], -1));
        Assert.Equal("tau", error.Field);
    }

    [Fact]
    public void Summaries_InvalidLevelOrThreshold_ThrowNamingTheArgument()
    {
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(Schools, DesignMatrix.InterceptOnly(8), [NormalPrior.Create(0, 20)], ScalePrior.HalfNormal(5)));

        Assert.Equal("level", Assert.Throws<InvalidInputException>(() => fit.Coefficient(0).Summarize(1.5)).Field);
        Assert.Equal("threshold", Assert.Throws<InvalidInputException>(() => fit.Tau.Summarize(0.9, double.NaN)).Field);
        Assert.Equal("coefficient", Assert.Throws<InvalidInputException>(() => fit.Coefficient("slope")).Field);
        Assert.Equal("component", Assert.Throws<InvalidInputException>(() => fit.Component("sigma_between")).Field);
        Assert.Equal("options.relative_tolerance", Assert.Throws<InvalidInputException>(() => ExactBayes.Fit(fit.Model, new ExactIntegrationOptions { RelativeTolerance = 0 })).Field);
    }

    [Fact]
    public void PredictiveEffect_ModelWithModeratorsAndNoRow_ThrowsNamingRow()
    {
        var design = DesignMatrix.Create(8, [Moderator.Continuous("x", [1, 2, 3, 4, 5, 6, 7, 8])]);
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(Schools, design, [NormalPrior.Create(0, 20), NormalPrior.Create(0, 5)], ScalePrior.HalfNormal(5)));

        Assert.Equal("row", Assert.Throws<InvalidInputException>(() => fit.PredictiveEffect()).Field);
        Assert.Equal("row", Assert.Throws<InvalidInputException>(() => fit.PredictiveEffect([1.0])).Field);
    }

    [Fact]
    public void BayesFactor_FlatPriorOnTestedCoefficient_IsRefused()
    {
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(Schools, DesignMatrix.InterceptOnly(8), [null], ScalePrior.HalfNormal(5)));

        Assert.Null(fit.LogMarginalLikelihood);
        Assert.Throws<InvalidOperationException>(() => fit.LogBayesFactorEffect());
    }

    [Fact]
    public void Fit_UniformPriorExcludingAllPlausibleTau_StillIntegratesWithinItsSupport()
    {
        // A prior that allows only τ ≤ 0.01 is legitimate: the posterior is confined there.
        var fit = ExactBayes.Fit(ExactModel.RandomEffects(Schools, DesignMatrix.InterceptOnly(8), [NormalPrior.Create(0, 20)], ScalePrior.Uniform(0.01)));

        Assert.True(fit.Tau.Quantile(0.999) <= 0.01);
        Assert.InRange(fit.Tau.Mean, 0.004, 0.006);
    }
}
