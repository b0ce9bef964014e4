using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public sealed class FrequentistFitterTests
{
    [Fact]
    public void Fit_BcgRandomEffectsReml_MatchesMetafor()
    {
        var reference = ReferenceCase.Load("bcg-rr-reml");
        var spec = Spec(reference, new Model { RandomEffects = new RandomEffectsSpec() }, "REML", "z");
        spec.Report = new Reporting { Predictive = true };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var intercept = Assert.Single(result.Coefficients);
        Assert.Equal("intrcpt", intercept.Name);
        reference.AssertClose("beta", intercept.Estimate);
        reference.AssertClose("se", intercept.Se);
        reference.AssertClose("stat", intercept.Statistic);
        reference.AssertClose("pval", intercept.PValue);
        reference.AssertClose("ci_lb", intercept.CiLower);
        reference.AssertClose("ci_ub", intercept.CiUpper);
        Assert.Equal(0, intercept.Df);
        reference.AssertClose("tau2", Statistic(result, "tau2"));
        reference.AssertClose("i2", Statistic(result, "i2"));
        reference.AssertClose("h2", Statistic(result, "h2"));
        reference.AssertClose("qe", Statistic(result, "qe"));
        reference.AssertClose("qe_pval", Statistic(result, "qe_pval"));
        reference.AssertClose("tau2_ci_lb", Statistic(result, "tau2_ci_lower"));
        reference.AssertClose("tau2_ci_ub", Statistic(result, "tau2_ci_upper"));
        reference.AssertClose("pi_lb", Statistic(result, "pi_lower"));
        reference.AssertClose("pi_ub", Statistic(result, "pi_upper"));
        Assert.Equal(13, result.K);
        Assert.True(result.Fit.HasAic && result.Fit.HasBic);
    }

    [Fact]
    public void Fit_BcgMetaRegressionDerSimonianLairdKnappHartung_MatchesMetafor()
    {
        var reference = ReferenceCase.Load("bcg-rr-dl-ablat-year-knha");
        var spec = Spec(reference, new Model { MetaRegression = new MetaRegressionSpec { Moderators = { "ablat", "year" } } }, "DL", "knha");
        foreach (var name in new[] { "ablat", "year" })
        {
            spec.Data.Moderators.Add(new ModeratorColumn { Name = name, Continuous = new ContinuousValues { Values = { reference.Moderator(name) } } });
        }

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal(["intrcpt", "ablat", "year"], result.Coefficients.Select(c => c.Name));
        for (var j = 0; j < 3; j++)
        {
            reference.AssertClose($"beta[{j}]", result.Coefficients[j].Estimate);
            reference.AssertClose($"se[{j}]", result.Coefficients[j].Se);
            reference.AssertClose($"pval[{j}]", result.Coefficients[j].PValue);
            reference.AssertClose($"ci_lb[{j}]", result.Coefficients[j].CiLower);
            reference.AssertClose($"ci_ub[{j}]", result.Coefficients[j].CiUpper);
            reference.AssertClose("df", result.Coefficients[j].Df);
        }

        reference.AssertClose("tau2", Statistic(result, "tau2"));
        reference.AssertClose("qm", Statistic(result, "qm"));
        reference.AssertClose("qm_pval", Statistic(result, "qm_pval"));
        reference.AssertClose("r2", Statistic(result, "r2"));
    }

    [Fact]
    public void Fit_KonstantopoulosThreeLevel_MatchesMetaforRmaMv()
    {
        var (reference, result) = FitClustered("konstantopoulos-3level", new Model { ThreeLevel = new ThreeLevelSpec() });

        var intercept = Assert.Single(result.Coefficients);
        reference.AssertClose("beta", intercept.Estimate);
        reference.AssertClose("se", intercept.Se);
        reference.AssertClose("ci_lb", intercept.CiLower);
        reference.AssertClose("sigma2[0]", Statistic(result, "sigma2_between"));
        reference.AssertClose("sigma2[1]", Statistic(result, "sigma2_within"));
        reference.AssertClose("qe", Statistic(result, "qe"));
        reference.AssertClose("loglik", result.Fit.LogLikelihood);
    }

    [Fact]
    public void Fit_KonstantopoulosRobust_MatchesClubSandwichCr2()
    {
        var (reference, result) = FitClustered("konstantopoulos-3level-cr2", new Model { Robust = new RobustModel() });

        var intercept = Assert.Single(result.Coefficients);
        reference.AssertClose("beta", intercept.Estimate);
        reference.AssertClose("se", intercept.Se);
        reference.AssertClose("df", intercept.Df);
        reference.AssertClose("pval", intercept.PValue);
        reference.AssertClose("ci_lb", intercept.CiLower);
        reference.AssertClose("ci_ub", intercept.CiUpper);
    }

    [Fact]
    public void Fit_SplineDoseResponse_IsTheMetaRegressionOnTheSplineBasis()
    {
        double[] dose = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12];
        double[] yi = [0.05, 0.2, 0.31, 0.45, 0.41, 0.52, 0.58, 0.55, 0.6, 0.57];
        double[] vi = [0.02, 0.03, 0.02, 0.04, 0.03, 0.02, 0.05, 0.03, 0.04, 0.02];
        double[] knots = [1, 4, 9];
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { yi }, Vi = { vi } }, Dose = { dose } },
            Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Spline, Knots = { knots } } },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "ML" } },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // The same fit from Core: the restricted cubic spline's design, then rma with ML.
        var design = DoseResponseBasis.RestrictedCubicSpline(knots).Design(dose);
        var direct = Core.Frequentist.RandomEffectsModel.Fit(EffectData.Create(yi, vi), design, new Core.Frequentist.RandomEffectsOptions { Method = "ML" });
        Assert.Equal(direct.Coefficients.Select(c => (c.Name, c.Estimate, c.StandardError)), result.Coefficients.Select(c => (c.Name, c.Estimate, c.Se)));
        Assert.Equal(direct.Tau2, Statistic(result, "tau2"));
        Assert.Equal(direct.Statistics.Aic, result.Fit.Aic);
        Assert.Empty(result.Diagnostics.Notes);
    }

    [Fact]
    public void Fit_BcgTrimAndFill_MatchesMetafor()
    {
        var reference = ReferenceCase.Load("bcg-trimfill");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { TrimAndFill = true } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        reference.AssertClose("k0", Statistic(result, "trim_and_fill_k0"));
        Assert.Equal(1, Statistic(result, "trim_and_fill_side"));
        var filled = Assert.Single(result.Coefficients);
        reference.AssertClose("estimate", filled.Estimate);
        reference.AssertClose("se", filled.Se);
        reference.AssertClose("tau2", Statistic(result, "trim_and_fill_tau2"));
    }

    [Fact]
    public void Fit_BcgEggerByDefault_IsMetaforsMixedEffectsRegtest()
    {
        var reference = ReferenceCase.Load("bcg-egger");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { Egger = true } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        reference.AssertClose("stat", Statistic(result, "egger_z"));
        reference.AssertClose("pval", Statistic(result, "egger_pval"));
        reference.AssertClose("limit_estimate", Statistic(result, "egger_limit_estimate"));
        Assert.DoesNotContain(result.Statistics, s => s.Name is "egger_t" or "egger_df");
    }

    [Fact]
    public void Fit_BcgEggerLm_IsMetaforsClassicalRegtest()
    {
        var reference = ReferenceCase.Load("bcg-egger-lm");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { Egger = true, EggerModel = "lm" } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        reference.AssertClose("stat", Statistic(result, "egger_t"));
        reference.AssertClose("df", Statistic(result, "egger_df"));
        reference.AssertClose("pval", Statistic(result, "egger_pval"));
        reference.AssertClose("limit_estimate", Statistic(result, "egger_limit_estimate"));
    }

    internal static double Statistic(FitResult result, string name) => result.Statistics.Single(s => s.Name == name).Value;

    private static (ReferenceCase Reference, FitResult Result) FitClustered(string id, Model model)
    {
        var reference = ReferenceCase.Load(id);
        var spec = Spec(reference, model, "REML", "z");
        spec.Data.Clusters.AddRange(reference.Texts("cluster"));
        return (reference, FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default));
    }

    private static ModelSpec Spec(ReferenceCase reference, Model model, string method, string test) => new()
    {
        Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } } },
        Model = model,
        Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = method, Test = test } },
    };
}
