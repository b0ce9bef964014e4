using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public class BayesianPetPeeseFitterTests
{
    private static readonly Priors WidePriors = new()
    {
        Mu = new NormalPriorSpec { Mean = 0, Sd = 10 },
        Slopes = new NormalPriorSpec { Mean = 0, Sd = 10 },
        Tau = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 2 } },
    };

    private static readonly Priors WideThreeLevelPriors = new()
    {
        Mu = new NormalPriorSpec { Mean = 0, Sd = 10 },
        Slopes = new NormalPriorSpec { Mean = 0, Sd = 10 },
        SigmaBetween = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 2 } },
        SigmaWithin = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 2 } },
    };

    private static Engine Nuts(uint draws = 2000) => new() { Nuts = new NutsEngine { Chains = 4, Warmup = 1000, Draws = draws, Seed = 20261203 } };

    private static ModelSpec Hackshaw(BiasRegression adjustment, Engine? engine = null)
    {
        var reference = ReferenceCase.Load("sel-hackshaw-step2");
        return new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } } },
            Model = new Model { RandomEffects = new RandomEffectsSpec { BiasAdjustment = adjustment } },
            Engine = engine ?? Nuts(),
            Priors = WidePriors,
            Report = new Reporting { Loo = true },
        };
    }

    private static void Close(PosteriorParameter posterior, double estimate, double sds)
    {
        var allowed = (sds * posterior.Sd) + (4 * posterior.McseMean);
        Assert.True(Math.Abs(posterior.Mean - estimate) <= allowed, $"{posterior.Name}: posterior mean {posterior.Mean} (sd {posterior.Sd}), frequentist {estimate}, allowed {allowed}");
    }

    /// <summary>
    /// dat.hackshaw1998 (k = 37): under wide priors (coefficients N(0, 10²), τ ~ half-normal(2)) the posterior means
    /// of PET's and PEESE's coefficients agree with the frequentist REML meta-regressions on sei and vi (metafor's
    /// rma(yi, vi, mods = ~ sei) and ~ vi, which the frequentist engine equals) within a fifth of the posterior SD
    /// (plus 4 MCSE): with flat priors on β the posterior mean is the GLS estimate averaged over τ's posterior, which
    /// moves from the REML one by a fraction of an SD of order 1/√k. The rule then picks as it says.
    /// </summary>
    [Fact]
    public void Fit_PetPeeseOnHackshawUnderWidePriors_AgreesWithTheFrequentistRegressions()
    {
        var spec = Hackshaw(BiasRegression.PetPeese);
        var data = EffectData.Create(spec.Data.EffectSizes.Yi.ToArray(), spec.Data.EffectSizes.Vi.ToArray());
        var reml = new RandomEffectsOptions { Method = "REML" };
        var pet = PetPeese.Pet(data, reml);
        var peese = PetPeese.Peese(data, reml);

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        var bias = result.BayesianPetPeese;
        Assert.Equal("PET-PEESE", bias.Adjustment);
        Close(bias.PetIntercept, pet.Coefficients[0].Estimate, 0.2);
        Close(bias.PeeseIntercept, peese.Coefficients[0].Estimate, 0.2);
        var petIntercept = bias.PetIntercept;
        var expected = petIntercept.Lower > 0 || petIntercept.Upper < 0 ? "PEESE" : "PET";
        Assert.Equal(expected, bias.Chosen);
        Assert.Equal(expected == "PEESE" ? bias.PeeseIntercept : bias.PetIntercept, bias.Estimate);
        var slope = result.Parameters.Single(p => p.Name == (expected == "PEESE" ? "beta[vi]" : "beta[sei]"));
        Close(slope, (expected == "PEESE" ? peese : pet).Coefficients[1].Estimate, 0.2);
        Assert.True(result.Fit.HasElpdLoo);
        Assert.Contains("PET-PEESE", result.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same regression inside the three-level model, on dat.konstantopoulos2011 (56 effects in 11 districts):
    /// the posterior means of PET's coefficients against the frequentist three-level REML fit on [1, sei] within a
    /// quarter of the posterior SD (11 clusters: σ_between's posterior is skewed, so a little more room than with k = 37).
    /// </summary>
    [Fact]
    public void Fit_ThreeLevelPetUnderWidePriors_AgreesWithTheFrequentistThreeLevelRegression()
    {
        var reference = ReferenceCase.Load("konstantopoulos-3level");
        var spec = new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } }, Clusters = { reference.Texts("cluster") } },
            Model = new Model { ThreeLevel = new ThreeLevelSpec { BiasAdjustment = BiasRegression.Pet } },
            Engine = Nuts(),
            Priors = WideThreeLevelPriors,
        };
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var frequentist = ThreeLevelModel.Fit(data, reference.Texts("cluster"), EggerRegressionTest.StandardErrorDesign(data), new ThreeLevelOptions(ThreeLevelEstimator.RestrictedMaximumLikelihood));

        var result = FitterCatalog.Default.Fit(spec, NullFitObserver.Instance, default);

        Assert.Equal("PET", result.BayesianPetPeese.Chosen);
        Close(result.Parameters.Single(p => p.Name == "beta[intrcpt]"), frequentist.Beta[0], 0.25);
        Close(result.Parameters.Single(p => p.Name == "beta[sei]"), frequentist.Beta[1], 0.25);
        Assert.Contains(result.Parameters, p => p.Name == "sigma_between");
    }

    [Theory]
    [InlineData("exact engine", "spec.engine")]
    [InlineData("with selection", "spec.model.random_effects.bias_adjustment")]
    [InlineData("student-t", "spec.model.random_effects.bias_adjustment")]
    [InlineData("no slopes prior", "spec.priors.slopes")]
    [InlineData("correlated errors", "spec.model.three_level.bias_adjustment")]
    public void Validate_BiasAdjustmentThatCannotRun_NamesTheField(string problem, string field)
    {
        var spec = Hackshaw(BiasRegression.Pet, problem == "exact engine" ? new Engine { ExactBayes = new ExactBayesEngine() } : null);
        switch (problem)
        {
            case "with selection":
                spec.Model.RandomEffects.Selection = new SelectionModelSpec { Type = "stepfun", Steps = { 0.025, 1 } };
                break;
            case "student-t":
                spec.Model.RandomEffects.Distribution = RandomEffectsDistribution.StudentT;
                spec.Model.RandomEffects.StudentTDf = 4;
                break;
            case "no slopes prior":
                spec.Priors = new Priors { Mu = WidePriors.Mu, Tau = WidePriors.Tau };
                break;
            case "correlated errors":
                spec.Data.Clusters.AddRange(Enumerable.Range(0, spec.Data.EffectSizes.Yi.Count).Select(i => FormattableString.Invariant($"s{i / 3}")));
                spec.Model = new Model { ThreeLevel = new ThreeLevelSpec { BiasAdjustment = BiasRegression.Peese, SamplingCorrelation = 0.5 } };
                spec.Priors = WideThreeLevelPriors;
                break;
        }

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal(field, error.Field);
    }
}
