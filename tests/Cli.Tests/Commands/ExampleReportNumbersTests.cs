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
        var models = root.GetProperty("models").EnumerateArray().ToArray();

        // The plan's 20 models, the two correlation sweeps, the publication-bias checks, influence and cumulative
        // of the random-effects and of the three-level model, all with a result.
        Assert.Equal(27, models.Length);
        Assert.All(models, m => Assert.Equal("succeeded", m.GetProperty("state").GetString()));
        Assert.Equal(24, run.Model("random effects (REML)").GetProperty("effect_sizes").GetProperty("imputed_correlation_rows").GetArrayLength());
    }

    [Fact]
    public void RandomEffects_MatchesTheEngine()
    {
        var fit = RandomEffectsModel.Fit(Example.Value.Data);
        var reported = run.Coefficient("random effects (REML)", "intrcpt");

        AssertEstimate(fit.Coefficients[0], reported);
        var heterogeneity = run.Model("random effects (REML)").GetProperty("heterogeneity");
        Assert.Equal(fit.Tau2, heterogeneity.GetProperty("tau2").GetDouble(), Same);
        Assert.Equal(fit.I2, heterogeneity.GetProperty("i2").GetDouble(), Same);
        var prediction = fit.Predict();
        Assert.Equal(prediction.PiLower, run.Model("random effects (REML)").GetProperty("prediction").GetProperty("pi_lower").GetDouble(), Same);
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
            AssertEstimate(subgroup.Fit.Coefficients[0] with { Name = subgroup.Level }, row.GetProperty("estimate"));
        }
    }

    [Fact]
    public void ThreeLevelDiagnostics_EachStudyLeftOutAsTheEngine()
    {
        var (data, studies, _) = Example.Value;
        var deletions = ThreeLevelInfluence.ByCluster(ThreeLevelModel.Fit(data, studies));

        var rows = run.Model("influence (three-level, REML)").GetProperty("cluster_influence").EnumerateArray().ToArray();
        Assert.Equal(deletions.Select(d => d.Label), rows.Select(r => r.GetProperty("cluster").GetString()));
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(deletions[i].CooksDistance, rows[i].GetProperty("cooks_distance").GetDouble(), Same);
            Assert.Equal(deletions[i].Without!.Estimate, rows[i].GetProperty("estimate").GetDouble(), Same);
            Assert.Equal(deletions[i].ChiSquare, rows[i].GetProperty("chi_square").GetDouble(), Same);
        }

        var steps = run.Model("cumulative (three-level, REML)").GetProperty("cumulative").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(2, 9), steps.Select(s => s.GetProperty("clusters").GetInt32()));
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
        Assert.Equal(fit.Sigma2Between, heterogeneity.GetProperty("sigma2_between").GetDouble(), Same);
        Assert.Equal(fit.Sigma2Within, heterogeneity.GetProperty("sigma2_within").GetDouble(), Same);
        var comparison = run.Json.RootElement.GetProperty("comparison").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "three-level (REML)");
        Assert.Equal(fit.Statistics.Aic, comparison.GetProperty("aic").GetDouble(), Same);
    }

    [Fact]
    public void LinearDose_MatchesAThreeLevelMetaRegressionOnPulsesPer10000()
    {
        var (data, studies, pulses) = Example.Value;
        var fit = ThreeLevelModel.Fit(data, studies, DesignMatrix.Create(data.K, [Moderator.Continuous("dose", pulses)]));

        AssertEstimate(fit.Coefficients[1], run.Coefficient("dose, linear (three-level)", "dose"));
    }

    [Fact]
    public void ExactRandomEffects_MatchesTheEngine()
    {
        var data = Example.Value.Data;
        var posterior = ExactBayes.Fit(ExactModel.RandomEffects(data, DesignMatrix.InterceptOnly(data.K), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5)));
        var model = run.Model("Bayes RE, tau ~ half-normal(0.5)");
        var mu = run.Parameter("Bayes RE, tau ~ half-normal(0.5)", "mu");

        Assert.Equal(posterior.Coefficient(0).Mean, mu.GetProperty("mean").GetDouble(), Same);
        Assert.Equal(posterior.Coefficient(0).Sd, mu.GetProperty("sd").GetDouble(), Same);
        Assert.Equal(posterior.Coefficient(0).CentralInterval(0.95).Lower, mu.GetProperty("lower").GetDouble(), 1e-9);
        Assert.Equal(posterior.Coefficient(0).ProbabilityAbove(0), mu.GetProperty("probability_positive").GetDouble(), 1e-9);
        Assert.Equal(posterior.LogMarginalLikelihood!.Value, model.GetProperty("fit").GetProperty("log_marginal_likelihood").GetDouble(), Same);
        Assert.Equal(posterior.LogBayesFactorEffect(), BayesFactor(model, "effect"), Same);
        Assert.Equal(posterior.Tau.Mean, run.Parameter("Bayes RE, tau ~ half-normal(0.5)", "tau").GetProperty("mean").GetDouble(), Same);
        Assert.False(run.Parameter("Bayes RE, tau ~ half-normal(0.5)", "tau").TryGetProperty("probability_positive", out _));
    }

    [Fact]
    public void ExactLinearDose_BayesFactorForDoseDependence_MatchesTheEngine()
    {
        var (data, studies, pulses) = Example.Value;
        var design = DesignMatrix.Create(data.K, [Moderator.Continuous("dose", pulses)]);
        var posterior = ExactBayes.Fit(ExactModel.ThreeLevel(
            data, studies, design, [NormalPrior.Create(0, 1), NormalPrior.Create(0, 0.5)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));

        Assert.Equal(posterior.LogBayesFactorCoefficients(["dose"]), BayesFactor(run.Model("Bayes dose, linear (three-level)"), "slopes"), 1e-9);
        Assert.Equal(posterior.Coefficient(1).Mean, run.Parameter("Bayes dose, linear (three-level)", "beta[dose]").GetProperty("mean").GetDouble(), 1e-9);
    }

    [Fact]
    public void BayesianComparison_ProbabilitiesFollowFromTheMarginalLikelihoods()
    {
        var rows = run.Json.RootElement.GetProperty("comparison").GetProperty("rows").EnumerateArray().Where(r => r.TryGetProperty("log_marginal_likelihood", out _)).ToArray();
        var logMl = rows.Select(r => r.GetProperty("log_marginal_likelihood").GetDouble()).ToArray();
        var best = logMl.Max();
        var normalizer = logMl.Sum(l => Math.Exp(l - best));

        Assert.Equal(10, rows.Length); // the exact engine's models, the one on V with ρ = 0.6 among them
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(logMl[i] - best, rows[i].TryGetProperty("log_bayes_factor", out var logBf) ? logBf.GetDouble() : 0, 1e-12);
            Assert.Equal(Math.Exp(logMl[i] - best) / normalizer, rows[i].GetProperty("posterior_probability").GetDouble(), 1e-12);
        }
    }

    [Fact]
    public void PublicationBias_MatchesTheEngines()
    {
        var (data, studies, _) = Example.Value;
        var bias = run.Model("publication bias").GetProperty("publication_bias");
        var egger = EggerRegressionTest.MixedEffects(data);
        var begg = BeggRankCorrelationTest.Run(data);
        var fill = RandomEffectsTrimAndFill.Run(data);
        var nested = ThreeLevelTrimAndFill.Run(data, studies);

        Assert.Equal(egger.Statistic, bias.GetProperty("egger").GetProperty("statistic").GetDouble(), Same);
        Assert.Equal(egger.PValue, bias.GetProperty("egger").GetProperty("p_value").GetDouble(), Same);
        Assert.Equal(begg.KendallTau, bias.GetProperty("begg").GetProperty("kendall_tau").GetDouble(), Same);
        var fills = bias.GetProperty("trim_and_fill").EnumerateArray().ToArray();
        Assert.Equal(["random_effects", "three_level"], fills.Select(f => f.GetProperty("model").GetString()));
        Assert.Equal(fill.Iteration.MissingCount, fills[0].TryGetProperty("missing", out var missing) ? missing.GetInt32() : 0);
        Assert.Equal(fill.Fit.Coefficients[0].Estimate, fills[0].GetProperty("adjusted").GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(nested.Fit.Coefficients[0].Estimate, fills[1].GetProperty("adjusted").GetProperty("estimate").GetDouble(), Same);
        var failSafe = bias.GetProperty("fail_safe_n").EnumerateArray().ToArray();
        Assert.Equal(FailSafeN.Rosenthal(data).Number, failSafe.Single(f => f.GetProperty("method").GetString() == "Rosenthal").GetProperty("number").GetDouble(), Same);
        Assert.Equal(FailSafeN.Orwin(data).Number, failSafe.Single(f => f.GetProperty("method").GetString() == "Orwin").GetProperty("number").GetDouble(), Same);
    }

    [Fact]
    public void Sensitivity_EachCorrelation_MatchesRefittingRecomputedEffects()
    {
        var table = RtmsExample.EmbeddedTable();
        var rows = run.Model("sensitivity (pre/post correlation)").GetProperty("correlation_sweep").GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("model").GetString() == "random effects (REML)").ToArray();

        Assert.Equal(RtmsExample.EmbeddedPlan().Sensitivity!.Correlations.Count, rows.Length);
        foreach (var row in rows)
        {
            var r = row.GetProperty("correlation").GetDouble();
            var fit = RandomEffectsModel.Fit(RtmsExample.Effects(table, r).Data).Coefficients[0];
            Assert.Equal(fit.Estimate, row.GetProperty("estimate").GetDouble(), Same);
            Assert.Equal(fit.StandardError, row.GetProperty("se").GetDouble(), Same);
            Assert.Equal(fit.CiLower, row.GetProperty("lower").GetDouble(), Same);
            Assert.Equal(fit.CiUpper, row.GetProperty("upper").GetDouble(), Same);
        }
    }

    [Fact]
    public void CorrelatedHierarchicalEffects_MatchesTheEngineOnVWithCr2AndItsRhoSweep()
    {
        var (data, studies, _) = Example.Value;
        var clusters = EffectClusters.Create(studies, data.K);
        var reported = run.Model("CHE, rho 0.6, CR2 robust");
        var fit = ThreeLevelModel.Fit(data, clusters, SamplingCovariance.ConstantCorrelation(data.Vi, clusters, 0.6));
        var robust = ClusterRobustInference.Compute(fit, new ClusterRobustOptions(SandwichType.CR2));

        AssertEstimate(robust.Coefficients[0], run.Coefficient("CHE, rho 0.6, CR2 robust", "intrcpt"));
        Assert.Equal(0.6, reported.GetProperty("sampling_correlation").GetDouble());
        Assert.Equal(fit.Sigma2Between, reported.GetProperty("heterogeneity").GetProperty("sigma2_between").GetDouble(), Same);

        // Independence is a different model: the CHE estimate is not the three-level one.
        Assert.NotEqual(run.Coefficient("three-level, CR2 robust", "intrcpt").GetProperty("estimate").GetDouble(), robust.Coefficients[0].Estimate, 1e-4);

        var sweep = run.Model("sensitivity (sampling correlation ρ)").GetProperty("correlation_sweep");
        Assert.True(sweep.GetProperty("sampling_errors").GetBoolean());
        var rows = sweep.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("model").GetString() == "CHE, rho 0.6, CR2 robust").ToArray();
        Assert.Equal(RtmsExample.EmbeddedPlan().RhoSensitivity!.Correlations, rows.Select(r => r.GetProperty("correlation").GetDouble()));
        foreach (var row in rows)
        {
            var rho = row.GetProperty("correlation").GetDouble();
            var refit = ClusterRobustInference.Compute(ThreeLevelModel.Fit(data, clusters, SamplingCovariance.ConstantCorrelation(data.Vi, clusters, rho)), new ClusterRobustOptions(SandwichType.CR2));
            Assert.Equal(refit.Coefficients[0].Estimate, row.GetProperty("estimate").GetDouble(), Same);
            Assert.Equal(refit.Coefficients[0].CiUpper, row.GetProperty("upper").GetDouble(), Same);
        }
    }

    [Fact]
    public void BayesianChe_IsTheExactPosteriorOnV()
    {
        var (data, studies, _) = Example.Value;
        var v = SamplingCovariance.ConstantCorrelation(data.Vi, EffectClusters.Create(studies, data.K), 0.6);
        var posterior = ExactBayes.Fit(ExactModel.ThreeLevel(data, v, DesignMatrix.InterceptOnly(data.K), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));
        var reported = run.Model("Bayes CHE, rho 0.6");
        var mu = reported.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "mu");

        Assert.Equal(posterior.Coefficient(0).Mean, mu.GetProperty("mean").GetDouble(), Same);
        Assert.Equal(posterior.Coefficient(0).Sd, mu.GetProperty("sd").GetDouble(), Same);
        Assert.Equal(0.6, reported.GetProperty("sampling_correlation").GetDouble());
        Assert.Contains("on V with ρ = 0.6", reported.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Emax_SampledWithoutWarnings()
    {
        var model = run.Model("Bayes dose, Emax");
        var sampler = model.GetProperty("diagnostics");

        Assert.Equal(4, sampler.GetProperty("chains").GetInt32());
        Assert.Equal(1000, sampler.GetProperty("draws_per_chain").GetInt32());
        Assert.True(sampler.GetProperty("max_rhat").GetDouble() < 1.01);
        Assert.Equal(["e0", "emax", "ed50", "tau"], model.GetProperty("parameters").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.True(model.GetProperty("fit").GetProperty("elpd_loo").GetDouble() < 0);
        Assert.Equal(0, model.GetProperty("warnings").GetArrayLength());
    }

    private static double BayesFactor(JsonElement model, string hypothesis) =>
        model.GetProperty("bayes_factors").EnumerateArray().Single(b => b.GetProperty("hypothesis").GetString() == hypothesis).GetProperty("log_bayes_factor").GetDouble();

    private static void AssertEstimate(CoefficientEstimate expected, JsonElement reported)
    {
        Assert.Equal(expected.Name, reported.GetProperty("name").GetString());
        Assert.Equal(expected.Estimate, reported.GetProperty("estimate").GetDouble(), Same);
        Assert.Equal(expected.StandardError, reported.GetProperty("se").GetDouble(), Same);
        Assert.Equal(expected.CiLower, reported.GetProperty("ci_lower").GetDouble(), Same);
        Assert.Equal(expected.CiUpper, reported.GetProperty("ci_upper").GetDouble(), Same);
        Assert.Equal(expected.PValue, reported.GetProperty("p_value").GetDouble(), Same);
    }
}
