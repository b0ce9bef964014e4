using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Fitting;

/// <summary>
/// Three-level models on correlated sampling errors (V from a working ρ, metafor's vcalc) through the
/// contract, the validator and the fitter catalog, checked against the shared metafor/clubSandwich cases.
/// </summary>
public sealed class CorrelatedSamplingErrorTests
{
    [Theory]
    [InlineData("mvv-konstantopoulos-r06")]
    [InlineData("mvv-kalaian-r066-math")]
    public void Fit_ThreeLevelOnV_MatchesMetaforRmaMvOnVcalc(string id)
    {
        var (reference, result) = Fit(id, robust: string.Empty);

        for (var j = 0; j < result.Coefficients.Count; j++)
        {
            var at = result.Coefficients.Count == 1 ? string.Empty : $"[{j}]";
            reference.AssertClose($"beta{at}", result.Coefficients[j].Estimate);
            reference.AssertClose($"se{at}", result.Coefficients[j].Se);
            reference.AssertClose($"pval{at}", result.Coefficients[j].PValue);
            reference.AssertClose($"ci_lb{at}", result.Coefficients[j].CiLower);
            reference.AssertClose($"ci_ub{at}", result.Coefficients[j].CiUpper);
        }

        reference.AssertClose("sigma2[0]", result.Heterogeneity.Sigma2Between);
        reference.AssertClose("sigma2[1]", result.Heterogeneity.Sigma2Within);
        reference.AssertClose("qe", result.Heterogeneity.Qe);
        reference.AssertClose("loglik", result.Fit.LogLikelihood);
        Assert.Equal(reference.OptionNumber("rho"), result.SamplingCorrelation);
        Assert.Contains($"on V with ρ = {reference.OptionNumber("rho")}", result.Description, StringComparison.Ordinal);
        Assert.Contains(result.Diagnostics.Notes, n => n.StartsWith("sampling errors: V built with a working correlation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mvv-konstantopoulos-r06-cr2")]
    [InlineData("mvv-kalaian-r066-math-cr2")]
    public void Fit_CorrelatedHierarchicalEffectsWithCr2_MatchesClubSandwich(string id)
    {
        var (reference, result) = Fit(id, robust: "CR2");

        for (var j = 0; j < result.Coefficients.Count; j++)
        {
            var at = result.Coefficients.Count == 1 ? string.Empty : $"[{j}]";
            reference.AssertClose($"beta{at}", result.Coefficients[j].Estimate);
            reference.AssertClose($"se{at}", result.Coefficients[j].Se);
            reference.AssertClose($"df{at}", result.Coefficients[j].Df);
            reference.AssertClose($"pval{at}", result.Coefficients[j].PValue);
            reference.AssertClose($"ci_lb{at}", result.Coefficients[j].CiLower);
            reference.AssertClose($"ci_ub{at}", result.Coefficients[j].CiUpper);
        }

        reference.AssertClose("sigma2[0]", result.Heterogeneity.Sigma2Between);
        Assert.EndsWith("CR2 cluster-robust with Satterthwaite df", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SamplingCorrelationSweep_EachRowIsTheModelRefittedOnThatV()
    {
        var reference = ReferenceCase.Load("mvv-konstantopoulos-r06");
        var data = Data(reference);
        var model = new NamedModel
        {
            Name = "CHE",
            Model = new Model { ThreeLevel = new ThreeLevelSpec { SamplingCorrelation = 0.6 } },
            Engine = new Engine { Frequentist = new FrequentistEngine { Robust = "CR2" } },
        };
        var sweep = new CorrelationSweepSpec { Correlations = { 0, 0.3, 0.6, 0.9 }, Models = { model }, Target = CorrelationSweepTarget.SamplingErrors };

        var result = FitterCatalog.Default.Fit(new ModelSpec { Data = data, Model = new Model { CorrelationSweep = sweep } }, NullFitObserver.Instance, default);

        Assert.True(result.CorrelationSweep.SamplingErrors);
        Assert.Empty(result.CorrelationSweep.Failures);
        Assert.Equal([0, 0.3, 0.6, 0.9], result.CorrelationSweep.Rows.Select(r => r.Correlation));
        foreach (var rho in sweep.Correlations)
        {
            var alone = AnalysisValidator.SpecOf(model, data);
            alone.Model.ThreeLevel.SamplingCorrelation = rho;
            var fitted = FitterCatalog.Default.Fit(alone, NullFitObserver.Instance, default);
            var row = result.CorrelationSweep.Rows.Single(r => r.Correlation == rho);
            Assert.Equal(fitted.Coefficients[0].Estimate, row.Estimate);
            Assert.Equal(fitted.Coefficients[0].CiLower, row.Lower);
        }

        // ρ = 0 is the model with independent errors, and the estimate does move with ρ.
        var independent = FitterCatalog.Default.Fit(
            new ModelSpec { Data = data, Model = new Model { ThreeLevel = new ThreeLevelSpec() }, Engine = new Engine { Frequentist = new FrequentistEngine { Robust = "CR2" } } },
            NullFitObserver.Instance,
            default);
        Assert.Equal(independent.Coefficients[0].Estimate, result.CorrelationSweep.Rows[0].Estimate, 1e-9);
        Assert.NotEqual(result.CorrelationSweep.Rows[0].Estimate, result.CorrelationSweep.Rows[^1].Estimate, 1e-4);
    }

    [Fact]
    public void Fit_ExactEngineOnV_IsTheTwoDimensionalPosteriorOnV()
    {
        var reference = ReferenceCase.Load("mvv-konstantopoulos-r06");
        var half = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 0.5 } };
        var spec = new ModelSpec
        {
            Data = Data(reference),
            Model = new Model { ThreeLevel = new ThreeLevelSpec { SamplingCorrelation = 0.6 } },
            Engine = new Engine { ExactBayes = new ExactBayesEngine() },
            Priors = new Priors { Mu = new NormalPriorSpec { Mean = 0, Sd = 1 }, SigmaBetween = half, SigmaWithin = half },
            Report = new Reporting { MarginalLikelihood = true },
        };

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);
        spec.Model.ThreeLevel.ClearSamplingCorrelation();
        var independent = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var data = Core.Data.EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var v = Core.Frequentist.MultiLevel.SamplingCovariance.ConstantCorrelation(data.Vi, Core.Frequentist.MultiLevel.EffectClusters.Create(reference.Texts("cluster"), data.K), 0.6);
        var direct = Core.Bayesian.Exact.ExactBayes.Fit(Core.Bayesian.Exact.ExactModel.ThreeLevel(
            data, v, Core.Data.DesignMatrix.InterceptOnly(data.K), [Core.Bayesian.Priors.NormalPrior.Create(0, 1)], Core.Bayesian.Priors.ScalePrior.HalfNormal(0.5), Core.Bayesian.Priors.ScalePrior.HalfNormal(0.5)));
        var mu = result.Parameters.Single(p => p.Name == "mu");
        Assert.Equal(direct.Coefficient(0).Mean, mu.Mean);
        Assert.Equal(direct.Component("sigma_within").Mean, result.Parameters.Single(p => p.Name == "sigma_within").Mean);
        Assert.Equal(direct.LogMarginalLikelihood, result.Fit.LogMarginalLikelihood);
        Assert.Equal(0.6, result.SamplingCorrelation);
        Assert.Contains("on V with ρ = 0.6", result.Description, StringComparison.Ordinal);
        Assert.NotEqual(independent.Parameters.Single(p => p.Name == "mu").Mean, mu.Mean, 1e-4);
        Assert.False(independent.HasSamplingCorrelation);
    }

    [Fact]
    public void Validate_SamplingCorrelationSweepOfARandomEffectsModel_RefusedNamingTheModel()
    {
        var reference = ReferenceCase.Load("mvv-konstantopoulos-r06");
        var model = new NamedModel { Name = "RE", Model = new Model { RandomEffects = new RandomEffectsSpec() }, Engine = new Engine { Frequentist = new FrequentistEngine() } };
        var sweep = new CorrelationSweepSpec { Correlations = { 0.5 }, Models = { model }, Target = CorrelationSweepTarget.SamplingErrors };

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(new ModelSpec { Data = Data(reference), Model = new Model { CorrelationSweep = sweep } }, "spec"));

        Assert.Equal("spec.model.correlation_sweep.models[0].model", error.Field);
    }

    [Fact]
    public void Validate_SweptRhoThatMakesVSingular_RefusedNamingTheCorrelation()
    {
        var reference = ReferenceCase.Load("mvv-konstantopoulos-r06");
        var model = new NamedModel { Name = "CHE", Model = new Model { ThreeLevel = new ThreeLevelSpec { SamplingCorrelation = 0.5 } }, Engine = new Engine { Frequentist = new FrequentistEngine() } };
        var sweep = new CorrelationSweepSpec { Correlations = { 0.5, 1 }, Models = { model }, Target = CorrelationSweepTarget.SamplingErrors };

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(new ModelSpec { Data = Data(reference), Model = new Model { CorrelationSweep = sweep } }, "spec"));

        Assert.Equal("spec.model.correlation_sweep.correlations[1]", error.Field);
    }

    private static (ReferenceCase Reference, FitResult Result) Fit(string id, string robust)
    {
        var reference = ReferenceCase.Load(id);
        var threeLevel = new ThreeLevelSpec { SamplingCorrelation = reference.OptionNumber("rho") };
        var data = Data(reference);
        if (id.StartsWith("mvv-kalaian", StringComparison.Ordinal))
        {
            data.Moderators.Add(new ModeratorColumn { Name = "math", Continuous = new ContinuousValues { Values = { reference.Moderator("math") } } });
            threeLevel.Moderators.Add("math");
        }

        var spec = new ModelSpec
        {
            Data = data,
            Model = new Model { ThreeLevel = threeLevel },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = reference.Option("method"), Test = reference.Option("test"), Robust = robust } },
        };
        return (reference, FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default));
    }

    private static DataSet Data(ReferenceCase reference) => new()
    {
        EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } },
        Clusters = { reference.Texts("cluster") },
    };
}
