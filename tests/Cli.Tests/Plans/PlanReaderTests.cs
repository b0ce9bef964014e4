using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Tests.Plans;

public sealed class PlanReaderTests
{
    private const string MinimalJson = """
        {
          // comments are allowed in JSON plans
          "data": { "study": "study" },
          "models": [
            { "name": "re", "method": "DL" },
            { "name": "bayes", "engine": "exact", "structure": "three_level",
              "priors": { "mu": { "dist": "normal", "mean": 0, "sd": 1 },
                          "sigma_between": { "dist": "half_cauchy", "scale": 0.3 },
                          "sigma_within": { "dist": "half_normal", "scale": 0.5 } } }
          ]
        }
        """;

    private const string MinimalYaml = """
        data:
          study: study
        models:
          - name: re
            method: DL
          - name: bayes
            engine: exact
            structure: three_level
            priors:
              mu: { dist: normal, mean: 0, sd: 1 }
              sigma_between: { dist: half_cauchy, scale: 0.3 }
              sigma_within: { dist: half_normal, scale: 0.5 }
        """;

    [Fact]
    public void Parse_ExamplePlan_ReadsEveryModelWithItsEngine()
    {
        var plan = RtmsExample.EmbeddedPlan();

        Assert.Equal("SMCC", plan.Data.Measure);
        Assert.Equal("post_mean", plan.Data.ColumnFor("m1i"));
        Assert.Equal("yi", plan.Data.ColumnFor("yi"));
        Assert.Equal(20, plan.Models.Count);
        Assert.Equal(9, plan.Models.Count(m => m.Engine == ModelEngine.Frequentist));
        var emax = plan.Model("Bayes dose, Emax");
        Assert.Equal(ModelEngine.Nuts, emax.Engine);
        Assert.Equal(DoseCurve.Emax, emax.Dose!.Curve);
        Assert.Equal(10000, emax.Dose.Scale);
        Assert.NotNull(emax.Priors!.Ed50);
        Assert.Equal(3, plan.Model("dose, spline (three-level)").Dose!.KnotCount);
        Assert.Equal(9, plan.Sensitivity!.Correlations.Count);
        Assert.Equal(0.6, plan.Model("CHE, rho 0.6, CR2 robust").SamplingCorrelation);
        Assert.Null(plan.Model("three-level, CR2 robust").SamplingCorrelation);
        Assert.Equal(["CHE, rho 0.6, CR2 robust", "Bayes CHE, rho 0.6"], plan.RhoSensitivity!.Models);
        Assert.Equal(ModelEngine.Exact, plan.Model("Bayes CHE, rho 0.6").Engine);
        Assert.Equal(new DiagnosticsPlan(Influence: true, Cumulative: true, ThreeLevel: true), plan.Diagnostics);
    }

    [Theory]
    [InlineData("structure: random_effects\n    rho: 0.5", "models[0].rho")]
    [InlineData("structure: three_level\n    rho: 1.2", "models[0].rho")]
    [InlineData("structure: three_level\n    engine: nuts\n    rho: 0.5", "models[0].rho")]
    [InlineData("structure: three_level\nrho_sensitivity: { correlations: [0.5], models: [other] }", "rho_sensitivity.models[0]")]
    [InlineData("structure: random_effects\nrho_sensitivity: { correlations: [0.5], models: [m] }", "rho_sensitivity.models[0]")]
    [InlineData("structure: three_level\nrho_sensitivity: { correlations: [1.5], models: [m] }", "rho_sensitivity.correlations[0]")]
    [InlineData("scale_moderators: [x]\n    engine: exact", "models[0].scale_moderators")]
    [InlineData("scale_moderators: [x]\n    method: DL", "models[0].method")]
    [InlineData("scale_moderators: [x]\n    structure: three_level", "models[0].scale_moderators")]
    [InlineData("permutation: { iterations: 1 }", "models[0].permutation.iterations")]
    [InlineData("permutation: { iterations: 100, rounds: 2 }", "models[0].permutation.rounds")]
    [InlineData("permutation: true\n    structure: three_level", "models[0].permutation")]
    [InlineData("permutation: true\n    test: t", "models[0].permutation")]
    [InlineData("structure: binomial_normal\n    method: REML", "models[0].method")]
    [InlineData("structure: binomial_normal\n    moderators: [x]", "models[0].structure")]
    [InlineData("structure: three_level\ndiagnostics: { influence: true, rho: 0.5 }", "diagnostics.rho")]
    [InlineData("structure: three_level\ndiagnostics: { influence: true, three_level: true, rho: 2 }", "diagnostics.rho")]
    public void Parse_BadDependenceOrHeterogeneityOption_NamesTheField(string lines, string field)
    {
        var text = "data: { study: study }\nmodels:\n  - name: m\n    " + lines + "\n";

        var error = Assert.Throws<InvalidInputException>(() => PlanReader.Parse(text, "plan.yaml", null));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_LocationScaleOnNuts_ReadsTheScalePriorsInsteadOfTau()
    {
        const string Text = "models:\n  - name: ls\n    engine: nuts\n    scale_moderators: [x]\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, scale_intercept: { dist: normal, mean: -3, sd: 2 }, scale_slopes: { dist: normal, mean: 0, sd: 1 } }\n";

        var model = PlanReader.Parse(Text, "plan.yaml", null).Models.Single();

        Assert.Equal(["x"], model.ScaleModerators);
        Assert.Equal(-3, model.Priors!.ScaleIntercept.Mean);
        Assert.Equal(1, model.Priors.ScaleSlopes.Sd);
        Assert.Null(model.Priors.Tau);
        var missing = Assert.Throws<InvalidInputException>(() => PlanReader.Parse(Text.Replace(", scale_slopes: { dist: normal, mean: 0, sd: 1 }", string.Empty, StringComparison.Ordinal), "plan.yaml", null));
        Assert.Equal("models[0].priors.scale_slopes", missing.Field);
    }

    [Fact]
    public void Parse_SamePlanAsJsonAndYaml_GivesTheSameModels()
    {
        var json = PlanReader.Parse(MinimalJson, "plan.json", null);
        var yaml = PlanReader.Parse(MinimalYaml, "plan.yaml", null);

        Assert.Equal(json.Models.Select(m => (m.Name, m.Engine, m.Structure, m.Method)), yaml.Models.Select(m => (m.Name, m.Engine, m.Structure, m.Method)));
        Assert.Equal(json.Models[1].Priors!.SigmaBetween, yaml.Models[1].Priors!.SigmaBetween);
        Assert.Equal(json.Models[1].Priors!.Mu!.Sd, yaml.Models[1].Priors!.Mu!.Sd);
    }

    [Theory]
    [InlineData("models:\n  - name: a\n    prior: {}\n", "models[0].prior")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    priors: { tau: { dist: half_normal } }\n", "models[0].priors.tau.scale")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    priors: { tau: { dist: half_normal, scale: -1 } }\n", "models[0].priors.tau.scale")]
    [InlineData("models:\n  - name: a\n    engine: exact\n", "models[0].priors")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    priors: { tau: { dist: gamma, shape: 1 } }\n", "models[0].priors.tau.dist")]
    [InlineData("models:\n  - name: a\n    dose: { column: d, curve: emax }\n", "models[0].dose.curve")]
    [InlineData("models:\n  - name: a\n    engine: nuts\n    moderators: [x]\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 1 } }\n", "models[0].priors.slopes")]
    [InlineData("models:\n  - name: a\n    robust: CR2\n", "models[0].robust")]
    [InlineData("models:\n  - name: a\n    method: XYZ\n", "models[0].method")]
    [InlineData("models:\n  - name: a\n    priors: { tau: { dist: half_normal, scale: 1 } }\n", "models[0].priors")]
    [InlineData("models:\n  - name: a\n  - name: a\n", "models[1].name")]
    [InlineData("models:\n  - name: a\n    subgroups: g\n    moderators: [x]\n", "models[0].subgroups")]
    [InlineData("models:\n  - name: a\n    engine: nuts\n    sampler: { chains: 0 }\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 1 } }\n", "models[0].sampler.chains")]
    [InlineData("models:\n  - name: a\n    engine: nuts\n    sampler: { warmup: -1 }\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 1 } }\n", "models[0].sampler.warmup")]
    [InlineData("models:\n  - name: a\n    engine: nuts\n    sampler: { iterations: 0 }\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 1 } }\n", "models[0].sampler.iterations")]
    [InlineData("models:\n  - name: a\n    engine: nuts\n    sampler: { seed: -1 }\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 1 } }\n", "models[0].sampler.seed")]
    [InlineData("data: { measure: SMCC, imputed_correlation: 1.5 }\nmodels:\n  - name: a\n", "data.imputed_correlation")]
    [InlineData("data: { measure: XYZ }\nmodels:\n  - name: a\n", "data.measure")]
    [InlineData("data: { measure: SMCC }\nmodels:\n  - name: a\nsensitivity: { correlations: [0.2], models: [b] }\n", "sensitivity.models[0]")]
    [InlineData("models:\n  - name: a\nsensitivity: { correlations: [0.2], models: [a] }\n", "sensitivity")]
    [InlineData("models: []\n", "models")]
    [InlineData("models:\n  - name: a\npublication_bias: { selection_models: [ { type: stepfun, step: [0.5] } ] }\n", "publication_bias.selection_models[0].step")]
    [InlineData("models:\n  - name: a\npublication_bias: { selection_models: { type: stepfun } }\n", "publication_bias.selection_models")]
    [InlineData("models:\n  - name: a\npublication_bias: { selection_models: [ { steps: [0.05] } ] }\n", "publication_bias.selection_models[0].type")]
    [InlineData("models:\n  - name: a\npublication_bias: { pet_peese: true, pet_peese_direction: up }\n", "publication_bias.pet_peese_direction")]
    [InlineData("models:\n  - name: a\n    averaging: {}\n", "models[0].engine")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    averaging: { bias: [trimfill] }\n", "models[0].averaging.bias[0]")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    averaging: { effect: maybe }\n", "models[0].averaging.effect")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    averaging: {}\n    priors: { tau: { dist: half_normal, scale: 1 } }\n", "models[0].priors")]
    [InlineData("models:\n  - name: a\n    engine: exact\n    averaging: { effects: both }\n", "models[0].averaging.effects")]
    [InlineData("models:\n  - name: a\n    selection: { steps: [0.025, 1] }\n", "models[0].engine")]
    [InlineData("models:\n  - name: a\n    engine: nuts\n    moderators: [x]\n    selection: {}\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, slopes: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 1 } }\n", "models[0].selection")]
    public void Parse_InvalidPlan_NamesTheField(string yaml, string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => PlanReader.Parse(yaml, "plan.yaml", null));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_PublicationBiasWithSelectionModels_ReadsEachAsTheContractDescribesIt()
    {
        const string Yaml = """
            models:
              - name: a
            publication_bias:
              pet_peese: true
              pet_peese_direction: less
              selection_models:
                - { type: stepfun, steps: [0.025, 0.5, 1] }
                - { type: halfnorm, alternative: less }
            """;

        var bias = PlanReader.Parse(Yaml, "plan.yaml", null).PublicationBias;

        Assert.True(bias.Egger && bias.PetPeese);
        Assert.Equal("less", bias.PetPeeseDirection);
        Assert.Equal(["stepfun", "halfnorm"], bias.SelectionModels!.Select(m => m.Type));
        Assert.Equal([0.025, 0.5, 1], bias.SelectionModels![0].Steps);
        Assert.Equal(["greater", "less"], bias.SelectionModels!.Select(m => m.Alternative));
    }

    [Fact]
    public void Parse_YamlSyntaxError_NamesLineAndColumn()
    {
        var error = Assert.Throws<InvalidInputException>(() => PlanReader.Parse("models:\n  - name: a\n   bad: [\n", "plan.yaml", null));

        Assert.Equal("plan.yaml", error.Field);
        Assert.Contains("line 3", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonSyntaxError_NamesLine()
    {
        var error = Assert.Throws<InvalidInputException>(() => PlanReader.Parse("{\n \"models\": [\n  { \"name\": }\n ]\n}", "plan.json", null));

        Assert.Contains("line 3", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuotedNumberInYaml_StaysText()
    {
        var plan = PlanReader.Parse("models:\n  - name: \"2024\"\n", "plan.yaml", null);

        Assert.Equal("2024", plan.Models[0].Name);
    }

    [Fact]
    public void DataPath_RelativeFile_ResolvedAgainstThePlansFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "plans");
        var plan = PlanReader.Parse("data: { file: studies.csv }\nmodels:\n  - name: a\n", "plan.yaml", folder);

        Assert.Equal(Path.Combine(folder, "studies.csv"), plan.DataPath);
    }
}
