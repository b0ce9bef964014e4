using System.Text.Json.Nodes;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Tests.Fitting;

public class BayesianSelectionFitterTests
{
    private static ModelSpec Spec(SelectionModelSpec selection, Engine? engine = null)
    {
        var reference = ReferenceCase.Load("bsel-hackshaw-step2");
        return new ModelSpec
        {
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { reference.Numbers("yi") }, Vi = { reference.Numbers("vi") } } },
            Model = new Model { RandomEffects = new RandomEffectsSpec { Selection = selection } },
            Engine = engine ?? new Engine { Nuts = new NutsEngine { Chains = 4, Warmup = 1000, Draws = 5000, Seed = 20261203 } },
            Priors = new Priors
            {
                Mu = new NormalPriorSpec { Mean = 0, Sd = 1 },
                Tau = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 0.5 } },
            },
        };
    }

    [Fact]
    public void Fit_StepSelectionOnNuts_MatchesTheLongStanRunWithinItsMonteCarloError()
    {
        // Case bsel-hackshaw-step2: rstan, 4 chains x 25,000 draws, RoBMA's cumulative Dirichlet prior on the weights.
        var reference = JsonNode.Parse(File.ReadAllText(ReferenceCase.PathOf("bsel-hackshaw-step2")))!["expected"]!;
        var result = FitterCatalog.Default.Fit(Spec(new SelectionModelSpec { Type = "stepfun", Steps = { 0.025, 1 } }), NullFitObserver.Instance, default);

        void Close(string name, JsonNode expected)
        {
            var parameter = result.Parameters.Single(p => p.Name == name);
            var allowed = (4 * Math.Sqrt((parameter.McseMean * parameter.McseMean) + Math.Pow(expected["mcse"]!["mean"]!.GetValue<double>(), 2))) + 1e-3;
            Assert.True(Math.Abs(parameter.Mean - expected["mean"]!.GetValue<double>()) <= allowed, $"{name}: {parameter.Mean} against {expected["mean"]} ± {allowed}");
        }

        Close("mu", reference["mu"]!);
        Close("tau", reference["tau"]!);
        Close(result.Parameters.Single(p => p.Name.StartsWith("omega", StringComparison.Ordinal)).Name, reference["omega"]![1]!);
        Assert.Contains("selection model", result.Description, StringComparison.Ordinal);

        // A weight is positive by construction: no P(> 0) for it.
        Assert.False(result.Parameters.Single(p => p.Name.StartsWith("omega", StringComparison.Ordinal)).HasProbabilityPositive);
    }

    [Theory]
    [InlineData("exact engine", "spec.engine")]
    [InlineData("half-normal weights", "spec.model.random_effects.selection.type")]
    [InlineData("favouring negative effects", "spec.model.random_effects.selection.alternative")]
    public void Validate_BayesianSelectionThatCannotRun_NamesTheField(string problem, string field)
    {
        var spec = problem switch
        {
            "exact engine" => Spec(new SelectionModelSpec { Type = "stepfun" }, new Engine { ExactBayes = new ExactBayesEngine() }),
            "half-normal weights" => Spec(new SelectionModelSpec { Type = "halfnorm" }),
            _ => Spec(new SelectionModelSpec { Type = "stepfun", Alternative = "less" }),
        };

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal(field, error.Field);
    }

    private static ModelSpec ThreeLevelSpec(SelectionModelSpec selection)
    {
        var reference = ReferenceCase.Load("sel-hackshaw-step2");
        var yi = reference.Numbers("yi");
        return new ModelSpec
        {
            // dat.hackshaw1998 with its effects grouped in threes: a nesting made for the test.
            Data = new DataSet { EffectSizes = new EffectSizes { Yi = { yi }, Vi = { reference.Numbers("vi") } }, Clusters = { yi.Select((_, i) => FormattableString.Invariant($"s{i / 3}")) } },
            Model = new Model { ThreeLevel = new ThreeLevelSpec { Selection = selection } },
            Engine = new Engine { Nuts = new NutsEngine { Chains = 2, Warmup = 300, Draws = 300, Seed = 20261203 } },
            Priors = new Priors
            {
                Mu = new NormalPriorSpec { Mean = 0, Sd = 1 },
                SigmaBetween = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 0.5 } },
                SigmaWithin = new ScalePriorSpec { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = 0.5 } },
            },
            Report = new Reporting { Loo = true },
        };
    }

    [Fact]
    public void Fit_ThreeLevelStepSelectionOnNuts_SamplesBothStandardDeviationsAndTheWeightsLeavingOutAStudyAtATime()
    {
        var result = FitterCatalog.Default.Fit(ThreeLevelSpec(new SelectionModelSpec { Type = "stepfun", Steps = { 0.025, 0.5 } }), NullFitObserver.Instance, default);

        Assert.Equal(["mu", "sigma_between", "sigma_within", "omega[0.025-0.5]", "omega[0.5-1]"], result.Parameters.Select(p => p.Name));
        Assert.Contains("three-level step-function selection model", result.Description, StringComparison.Ordinal);
        Assert.Contains("PSIS-LOO leaves out one cluster at a time", result.Diagnostics.Notes);
        Assert.True(result.Fit.HasElpdLoo);

        // The cumulative Dirichlet prior keeps the weights decreasing in every draw, so in their means too.
        Assert.True(result.Parameters[3].Mean >= result.Parameters[4].Mean);
    }

    [Theory]
    [InlineData("correlated errors", "spec.model.three_level.selection")]
    [InlineData("nuts engine", "spec.engine")]
    [InlineData("beta weights", "spec.model.three_level.selection.type")]
    public void Validate_ThreeLevelSelectionThatCannotRun_NamesTheField(string problem, string field)
    {
        var spec = ThreeLevelSpec(new SelectionModelSpec { Type = problem == "beta weights" ? "beta" : "stepfun" });
        if (problem == "correlated errors")
        {
            spec.Model.ThreeLevel.SamplingCorrelation = 0.5;
        }
        else if (problem == "nuts engine")
        {
            spec.Engine = new Engine { ExactBayes = new ExactBayesEngine() };
        }

        var error = Assert.Throws<InvalidInputException>(() => AnalysisValidator.Validate(spec, "spec"));

        Assert.Equal(field, error.Field);
    }
}
