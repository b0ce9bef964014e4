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
}
