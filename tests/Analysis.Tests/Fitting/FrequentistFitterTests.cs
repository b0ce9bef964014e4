using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
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
        reference.AssertClose("tau2", result.Heterogeneity.Tau2);
        reference.AssertClose("i2", result.Heterogeneity.I2);
        reference.AssertClose("h2", result.Heterogeneity.H2);
        reference.AssertClose("qe", result.Heterogeneity.Qe);
        reference.AssertClose("qe_pval", result.Heterogeneity.QePValue);
        reference.AssertClose("tau2_ci_lb", result.Heterogeneity.Tau2CiLower);
        reference.AssertClose("tau2_ci_ub", result.Heterogeneity.Tau2CiUpper);
        reference.AssertClose("pi_lb", result.Prediction.PiLower);
        reference.AssertClose("pi_ub", result.Prediction.PiUpper);
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

        reference.AssertClose("tau2", result.Heterogeneity.Tau2);
        Assert.Equal("F", result.ModeratorTest.Name);
        reference.AssertClose("qm", result.ModeratorTest.Statistic);
        reference.AssertClose("qm_pval", result.ModeratorTest.PValue);
        reference.AssertClose("r2", result.Heterogeneity.R2);
    }

    [Fact]
    public void Fit_KonstantopoulosThreeLevel_MatchesMetaforRmaMv()
    {
        var (reference, result) = FitClustered("konstantopoulos-3level", new Model { ThreeLevel = new ThreeLevelSpec() });

        var intercept = Assert.Single(result.Coefficients);
        reference.AssertClose("beta", intercept.Estimate);
        reference.AssertClose("se", intercept.Se);
        reference.AssertClose("ci_lb", intercept.CiLower);
        reference.AssertClose("sigma2[0]", result.Heterogeneity.Sigma2Between);
        reference.AssertClose("sigma2[1]", result.Heterogeneity.Sigma2Within);
        reference.AssertClose("qe", result.Heterogeneity.Qe);
        reference.AssertClose("loglik", result.Fit.LogLikelihood);
    }

    [Fact]
    public void Fit_KonstantopoulosRobust_MatchesClubSandwichCr2()
    {
        var (reference, result) = FitClustered("konstantopoulos-3level-cr2", new Model { ThreeLevel = new ThreeLevelSpec() }, robust: "CR2");

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
        Assert.Equal(direct.Tau2, result.Heterogeneity.Tau2);
        Assert.Equal(direct.Statistics.Aic, result.Fit.Aic);
        Assert.Empty(result.Diagnostics.Notes);
    }

    [Fact]
    public void Fit_BcgTrimAndFill_MatchesMetafor()
    {
        var reference = ReferenceCase.Load("bcg-trimfill");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { TrimAndFill = true } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // Without clusters, only the random-effects model is trimmed and filled.
        var fill = Assert.Single(result.PublicationBias.TrimAndFill);
        Assert.Equal("random_effects", fill.Model);
        reference.AssertClose("k0", fill.Missing);
        Assert.Equal("right", fill.Side);
        reference.AssertClose("estimate", fill.Adjusted.Estimate);
        reference.AssertClose("se", fill.Adjusted.Se);
        reference.AssertClose("tau2", fill.Tau2);
        Assert.Equal(fill.Missing, fill.FilledYi.Count);
        Assert.Equal(fill.Missing, fill.FilledVi.Count);
    }

    [Fact]
    public void Fit_BcgEggerByDefault_IsMetaforsMixedEffectsRegtest()
    {
        var reference = ReferenceCase.Load("bcg-egger");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { Egger = true } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        // A z test: no degrees of freedom.
        var egger = result.PublicationBias.Egger;
        Assert.Equal("rma", egger.Model);
        reference.AssertClose("stat", egger.Statistic);
        reference.AssertClose("pval", egger.PValue);
        reference.AssertClose("limit_estimate", egger.LimitEstimate);
        Assert.False(egger.HasDf);
    }

    [Fact]
    public void Fit_BcgEggerLm_IsMetaforsClassicalRegtest()
    {
        var reference = ReferenceCase.Load("bcg-egger-lm");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { Egger = true, EggerModel = "lm" } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var egger = result.PublicationBias.Egger;
        Assert.Equal("lm", egger.Model);
        reference.AssertClose("stat", egger.Statistic);
        Assert.True(egger.HasDf);
        reference.AssertClose("df", egger.Df);
        reference.AssertClose("pval", egger.PValue);
        reference.AssertClose("limit_estimate", egger.LimitEstimate);
    }

    [Theory]
    [InlineData("sel-hackshaw-step2")]
    [InlineData("sel-hackshaw-halfnorm")]
    [InlineData("sel-hackshaw-power")]
    [InlineData("sel-bcg-step2-less")]
    public void Fit_SelectionModelThroughTheContract_MatchesMetaforsSelmodel(string id)
    {
        var reference = ReferenceCase.Load(id);
        var selection = new SelectionModelSpec { Type = reference.Option("type"), Alternative = reference.Option("alternative") };
        selection.Steps.AddRange(reference.OptionNumbers("steps"));
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { selection } } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var model = Assert.Single(result.PublicationBias.SelectionModels);
        reference.AssertClose("beta", model.Coefficients[0].Estimate);
        reference.AssertClose("se", model.Coefficients[0].Se);
        reference.AssertClose("tau2", model.Tau2);
        reference.AssertClose("tau2_se", model.Tau2Se);
        reference.AssertClose("lrt", model.LikelihoodRatio.Statistic);
        reference.AssertClose("lrt_pval", model.LikelihoodRatio.PValue);
        reference.AssertClose("loglik", model.LogLikelihood);
        var free = model.Deltas.Where(d => !d.Fixed).ToArray();
        reference.AssertClose(selection.Type == "stepfun" ? "delta[1]" : "delta", free[^1].Estimate);
        Assert.Equal(selection.Type == "stepfun", model.Deltas[0].Fixed);
        Assert.Equal(model.CurveP.Count, model.CurveWeight.Count);
        Assert.All(model.CurveWeight, w => Assert.True(w > 0 && double.IsFinite(w)));
    }

    [Fact]
    public void Fit_SelectionModelOnNestedEffects_AlsoFitsTheThreeLevelSelectionModel()
    {
        var (reference, result) = FitClustered("konstantopoulos-3level", new Model { PublicationBias = new PublicationBiasSpec { SelectionModels = { new SelectionModelSpec { Type = "stepfun", Steps = { 0.025, 1 } } } } });

        Assert.Equal(["random_effects", "three_level"], result.PublicationBias.SelectionModels.Select(m => m.Model));
        var nested = result.PublicationBias.SelectionModels[1];
        Assert.True(nested.HasSigma2Between && nested.HasSigma2Within && !nested.HasTau2Se);
        Assert.Equal(0, nested.Tau2);

        // The test of no selection is against the three-level ML fit, whose log-likelihood metafor's rma.mv gives.
        var withoutSelection = nested.LogLikelihood - (nested.LikelihoodRatio.Statistic / 2);
        var ml = ThreeLevelModel.Fit(
            EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi")),
            reference.Texts("cluster"),
            null,
            new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));
        Assert.Equal(ml.Statistics.LogLikelihood, withoutSelection, 8);
        Assert.Equal(1, nested.LikelihoodRatio.Df);
    }

    [Fact]
    public void Fit_PetPeeseOnBcg_PetIsTheClassicalEggerRegressionsLimit()
    {
        // PET regresses yi on sei with weights 1/vi: its intercept is the classical Egger test's limit estimate.
        var reference = ReferenceCase.Load("bcg-egger-lm");
        var spec = Spec(reference, new Model { PublicationBias = new PublicationBiasSpec { PetPeese = true } }, string.Empty, string.Empty);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var petPeese = result.PublicationBias.PetPeese;
        reference.AssertClose("limit_estimate", petPeese.Pet[0].Estimate);
        reference.AssertClose("stat", petPeese.Pet[1].Statistic);
        Assert.Equal(["intrcpt", "sei"], petPeese.Pet.Select(c => c.Name));
        Assert.Equal(["intrcpt", "vi"], petPeese.Peese.Select(c => c.Name));
        var chosen = petPeese.Chosen == "PEESE" ? petPeese.Peese[0] : petPeese.Pet[0];
        Assert.Equal(chosen.Estimate, petPeese.Estimate.Estimate);
        Assert.Equal(petPeese.PetOneSidedPValue < 0.05, petPeese.Chosen == "PEESE");
    }

    private static (ReferenceCase Reference, FitResult Result) FitClustered(string id, Model model, string robust = "")
    {
        var reference = ReferenceCase.Load(id);
        var spec = Spec(reference, model, "REML", "z");
        spec.Engine.Frequentist.Robust = robust;
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
