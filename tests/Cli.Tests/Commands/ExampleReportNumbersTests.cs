using System.Text.Json;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Frequentist.Subgroups;

namespace MetaAnalysis.Cli.Tests.Commands;

/// <summary>
/// The example's numbers as <c>analyze --json</c> reports them, checked against the engines called directly
/// on effect sizes computed without the plan (the example's own column mapping), so the plan reading, the
/// design building and the runner's mapping to engines are all under test.
/// </summary>
[Collection(ExampleRunGroup.Name)]
public sealed class ExampleReportNumbersTests(ExampleRun run)
{
    private const double Same = 1e-10;
    private static readonly Lazy<(EffectData Data, string[] Studies, double[] PulsesPer10000)> Example = new(() =>
    {
        var table = RtmsExample.EmbeddedTable();
        var data = RtmsExample.Effects(table, RtmsExample.DefaultImputedCorrelation).Data;
        return (data, table.Text("study"), table.Numbers("pulses_total").Select(p => p / 10000).ToArray());
    });

    [Fact]
    public void Analyze_EmbeddedExample_SucceedsWithEveryModel()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Error.ToString());
        var root = run.Json.RootElement;
        Assert.Equal(31, root.GetProperty("k").GetInt32());
        Assert.Equal(10, root.GetProperty("studies").GetInt32());
        Assert.Equal(24, root.GetProperty("imputed_effects").GetInt32());
        Assert.Equal(18, root.GetProperty("models").GetArrayLength());
        Assert.Equal(0, root.GetProperty("failures").GetArrayLength());
    }

    [Fact]
    public void RandomEffects_MatchesTheEngine()
    {
        var fit = RandomEffectsModel.Fit(Example.Value.Data);
        var reported = run.Coefficient("random effects (REML)", "intrcpt");

        AssertEstimate(fit.Coefficients[0], reported);
        var heterogeneity = run.Model("random effects (REML)").GetProperty("heterogeneity");
        Assert.Equal(fit.Tau2, heterogeneity[0].GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(fit.I2, heterogeneity[1].GetProperty("estimate").GetDouble(), Same);
        var prediction = fit.Predict();
        Assert.Equal(prediction.PiLower, run.Model("random effects (REML)").GetProperty("prediction").GetProperty("lower").GetDouble(), Same);
    }

    [Fact]
    public void Subgroups_MatchTheEngine()
    {
        var analysis = SubgroupAnalysis.Fit(Example.Value.Data, RtmsExample.EmbeddedTable().Text("metabolite"));
        var model = run.Model("by metabolite");

        Assert.Equal(analysis.SeparateTau2Test!.Q, model.GetProperty("subgroup_test").GetProperty("statistic").GetDouble(), Same);
        foreach (var subgroup in analysis.Subgroups)
        {
            var row = model.GetProperty("subgroups").EnumerateArray().Single(s => s.GetProperty("level").GetString() == subgroup.Level);
            Assert.Equal(subgroup.Fit.K, row.GetProperty("k").GetInt32());
            AssertEstimate(subgroup.Fit.Coefficients[0], row.GetProperty("estimate"));
        }
    }

    [Fact]
    public void ThreeLevelAndRobust_MatchTheEngine()
    {
        var (data, studies, _) = Example.Value;
        var fit = ThreeLevelModel.Fit(data, studies);
        var robust = ClusterRobustInference.Compute(fit);

        AssertEstimate(fit.Coefficients[0], run.Coefficient("three-level (REML)", "intrcpt"));
        AssertEstimate(robust.Coefficients[0], run.Coefficient("three-level, CR2 robust", "intrcpt"));
        var heterogeneity = run.Model("three-level (REML)").GetProperty("heterogeneity");
        Assert.Equal(fit.Sigma2Between, heterogeneity[0].GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(fit.Sigma2Within, heterogeneity[1].GetProperty("estimate").GetDouble(), Same);
        var comparison = run.Json.RootElement.GetProperty("comparison").GetProperty("frequentist").EnumerateArray().Single(r => r.GetProperty("model").GetString() == "three-level (REML)");
        Assert.Equal(fit.Statistics.Aic, comparison.GetProperty("aic").GetDouble(), Same);
    }

    [Fact]
    public void LinearDose_MatchesAThreeLevelMetaRegressionOnPulsesPer10000()
    {
        var (data, studies, pulses) = Example.Value;
        var fit = ThreeLevelModel.Fit(data, studies, DesignMatrix.Create(data.K, [Moderator.Continuous("pulses", pulses)]));

        AssertEstimate(fit.Coefficients[1], run.Coefficient("dose, linear (three-level)", "dose"));
    }

    [Fact]
    public void ExactRandomEffects_MatchesTheEngine()
    {
        var data = Example.Value.Data;
        var posterior = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(data.K), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var model = run.Model("Bayes RE, tau ~ half-normal(0.5)");
        var mu = run.Coefficient("Bayes RE, tau ~ half-normal(0.5)", "intrcpt");

        Assert.Equal(posterior.Coefficient(0).Mean, mu.GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(posterior.Coefficient(0).Sd, mu.GetProperty("spread").GetDouble(), Same);
        Assert.Equal(posterior.Coefficient(0).CentralInterval(0.95).Lower, mu.GetProperty("lower").GetDouble(), 1e-9);
        Assert.Equal(posterior.LogMarginalLikelihood!.Value, model.GetProperty("log_marginal_likelihood").GetDouble(), Same);
        Assert.Equal(posterior.LogBayesFactorEffect(), BayesFactor(model, "effect ≠ 0"), Same);
        Assert.Equal(posterior.Tau.Mean, model.GetProperty("heterogeneity")[0].GetProperty("estimate").GetDouble(), Same);
    }

    [Fact]
    public void ExactLinearDose_BayesFactorForDoseDependence_MatchesTheEngine()
    {
        var (data, studies, pulses) = Example.Value;
        var design = DesignMatrix.Create(data.K, [Moderator.Continuous("dose", pulses)]);
        var posterior = ExactBayes.Fit(ExactModel.ThreeLevel(
            data, studies, design, [NormalPrior.Create(0, 1), NormalPrior.Create(0, 0.5)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));

        Assert.Equal(posterior.LogBayesFactorCoefficients(["dose"]), BayesFactor(run.Model("Bayes dose, linear (three-level)"), "dose dependence"), 1e-9);
        Assert.Equal(posterior.Coefficient(1).Mean, run.Coefficient("Bayes dose, linear (three-level)", "dose").GetProperty("estimate").GetDouble(), 1e-9);
    }

    [Fact]
    public void BayesianComparison_ProbabilitiesFollowFromTheMarginalLikelihoods()
    {
        var rows = run.Json.RootElement.GetProperty("comparison").GetProperty("bayesian").EnumerateArray().ToArray();
        var logMl = rows.Select(r => r.GetProperty("log_marginal_likelihood").GetDouble()).ToArray();
        var best = logMl.Max();
        var normalizer = logMl.Sum(l => Math.Exp(l - best));

        Assert.Equal(9, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(logMl[i] - best, rows[i].GetProperty("log_bayes_factor_to_best").GetDouble(), 1e-12);
            Assert.Equal(Math.Exp(logMl[i] - best) / normalizer, rows[i].GetProperty("posterior_probability").GetDouble(), 1e-12);
        }
    }

    [Fact]
    public void PublicationBias_MatchesTheEngines()
    {
        var (data, studies, _) = Example.Value;
        var bias = run.Json.RootElement.GetProperty("publication_bias");
        var egger = EggerRegressionTest.MixedEffects(data);
        var begg = BeggRankCorrelationTest.Run(data);
        var fill = RandomEffectsTrimAndFill.Run(data);
        var nested = ThreeLevelTrimAndFill.Run(data, studies);

        Assert.Equal(egger.Statistic, bias.GetProperty("egger").GetProperty("statistic").GetDouble(), Same);
        Assert.Equal(egger.PValue, bias.GetProperty("egger").GetProperty("p_value").GetDouble(), Same);
        Assert.Equal(begg.KendallTau, bias.GetProperty("begg").GetProperty("kendall_tau").GetDouble(), Same);
        Assert.Equal(fill.Iteration.MissingCount, bias.GetProperty("trim_and_fill").GetProperty("missing").GetInt32());
        Assert.Equal(fill.Fit.Coefficients[0].Estimate, bias.GetProperty("trim_and_fill").GetProperty("adjusted").GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(nested.Fit.Coefficients[0].Estimate, bias.GetProperty("three_level_trim_and_fill").GetProperty("adjusted").GetProperty("estimate").GetDouble(), Same);
    }

    [Fact]
    public void Sensitivity_EachCorrelation_MatchesRefittingRecomputedEffects()
    {
        var table = RtmsExample.EmbeddedTable();
        var rows = run.Json.RootElement.GetProperty("sensitivity").GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("model").GetString() == "random effects (REML)").ToArray();

        Assert.Equal(RtmsExample.EmbeddedPlan().Sensitivity!.Correlations.Count, rows.Length);
        foreach (var row in rows)
        {
            var r = row.GetProperty("assumed_correlation").GetDouble();
            var fit = RandomEffectsModel.Fit(RtmsExample.Effects(table, r).Data);
            AssertEstimate(fit.Coefficients[0], row.GetProperty("estimate"));
        }
    }

    [Fact]
    public void Emax_SampledWithoutWarnings()
    {
        var model = run.Model("Bayes dose, Emax");
        var sampler = model.GetProperty("sampler");

        Assert.Equal(4, sampler.GetProperty("chains").GetInt32());
        Assert.Equal(1000, sampler.GetProperty("draws_per_chain").GetInt32());
        Assert.True(sampler.GetProperty("max_rhat").GetDouble() < 1.01);
        Assert.Equal(["e0", "emax", "ed50"], model.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.True(model.GetProperty("loo").GetProperty("elpd").GetDouble() < 0);
    }

    private static double BayesFactor(JsonElement model, string hypothesis) =>
        model.GetProperty("bayes_factors").EnumerateArray().Single(b => b.GetProperty("hypothesis").GetString() == hypothesis).GetProperty("log_bayes_factor").GetDouble();

    private static void AssertEstimate(CoefficientEstimate expected, JsonElement reported)
    {
        Assert.Equal(expected.Estimate, reported.GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(expected.StandardError, reported.GetProperty("spread").GetDouble(), Same);
        Assert.Equal(expected.CiLower, reported.GetProperty("lower").GetDouble(), Same);
        Assert.Equal(expected.CiUpper, reported.GetProperty("upper").GetDouble(), Same);
        Assert.Equal(expected.PValue, reported.GetProperty("p_value").GetDouble(), Same);
    }
}
