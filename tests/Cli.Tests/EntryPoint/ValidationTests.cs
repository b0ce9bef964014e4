using System.Text.Json;
using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.Cli.Tests.EntryPoint;

/// <summary>
/// Input that cannot be used is found before anything runs (exit 2, nothing on standard output) and named by
/// the plan's field or the option; options that would not be used are errors; the options have one name on
/// every command.
/// </summary>
public sealed class ValidationTests : IDisposable
{
    private const string Priors = """{"mu": {"dist": "normal", "mean": 0, "sd": 1}, "tau": {"dist": "half_normal", "scale": 0.5}}""";

    private static readonly string[] RtmsColumns = ["--measure", "SMCC", "--columns", "m1i=post_mean,m2i=pre_mean,sd1i=post_sd,sd2i=pre_sd,ni=n,ri=r_prepost", "--study", "study"];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("validation-");

    public ValidationTests() => Write("studies.csv", InProcessRun.Studies);

    [Fact]
    public async Task Fit_HeaderOnlyTable_IsBadInputSayingThereAreNoRows()
    {
        var run = await Run("fit", "--data", Write("header.csv", "study,yi,vi\n"));

        AssertBadInput(run, "fit: header.csv: the table has a header but no rows: there are no studies to analyse");
    }

    [Fact]
    public async Task Compare_MissingModeratorColumn_IsBadInputNamingTheModelsField()
    {
        var plan = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n  - name: dose\n    moderators: [pulses]\n");

        var run = await Run("compare", plan);

        AssertBadInput(run, "compare: models[1].moderators: 'pulses' is not a column of studies.csv (columns: study, yi, vi, year)");
    }

    [Fact]
    public async Task Compare_ThreeLevelWithoutAStudyColumn_IsBadInputNamingDataStudy()
    {
        var plan = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n  - name: three\n    structure: three_level\n");

        var run = await Run("compare", plan);

        AssertBadInput(run, "compare: data.study: is required by a three-level model: name the column that says which study each effect comes from");
    }

    [Fact]
    public async Task Fit_ThreeLevelWithoutStudy_NamesTheStudyOption()
    {
        var run = await Run("fit", "--data", Path("studies.csv"), "--structure", "three_level");

        AssertBadInput(run, "fit: --study: is required by a three-level model: name the column that says which study each effect comes from");
    }

    [Theory]
    [InlineData("--curve", "emax")]
    [InlineData("--dose-scale", "10000")]
    public async Task Fit_CurveWithoutDose_IsBadInputNotIgnored(string option, string value)
    {
        var run = await Run("fit", "--data", Path("studies.csv"), option, value);

        AssertBadInput(run, $"fit: {option}: describes a dose-response curve: give the dose column with --dose");
    }

    [Fact]
    public async Task Fit_ModelOptionWithAPlanFile_IsBadInputNotIgnored()
    {
        var plan = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n");

        var run = await Run("fit", plan, "--engine", "nuts");

        AssertBadInput(run, "fit: --engine: describes a model without a plan file; with a plan file, choose one of its models with --model");
    }

    [Fact]
    public async Task Fit_SamplerOptionsWithAPlanFile_ChangeItsNutsModelForTheRun()
    {
        var plan = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n    engine: nuts\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }\n    sampler: { chains: 4, seed: 1 }\n");

        var run = await Run("fit", plan, "--chains", "2", "--warmup", "150", "--iterations", "100", "--seed", "7", "--json");

        Assert.True(run.ExitCode is ExitCodes.Success, run.Error);
        Assert.Contains("2 chains of 100 draws after 150 warmup iterations, seed 7", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_ModelOfAPlanWithARhoSweep_RunsThatModelAlone()
    {
        // The plan's sweeps name models that fit --model leaves out; they are not part of a one-model run.
        var plan = Write("plan.yaml", "data: { file: studies.csv, study: study }\nmodels:\n  - name: re\n  - name: che\n    structure: three_level\n    rho: 0.5\n    robust: CR2\nrho_sensitivity: { correlations: [0, 0.5], models: [che] }\n");

        var run = await Run("fit", plan, "--model", "re");

        Assert.True(run.ExitCode is ExitCodes.Success, run.Error);
        Assert.DoesNotContain("sampling correlation", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fit: --chains: sets the NUTS sampler, but model 're' does not use it (engine frequentist)", "--chains", "2")]
    [InlineData("fit: --warmup: must be at least 0", "--warmup", "-1", "--model", "nuts")]
    public async Task Fit_SamplerOptionThatCannotApplyToThePlansModel_IsBadInput(string message, params string[] options)
    {
        var plan = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n  - name: nuts\n    engine: nuts\n    priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }\n");
        var arguments = options.Contains("--model") ? options : [.. options, "--model", "re"];

        var run = await Run(["fit", plan, .. arguments]);

        AssertBadInput(run, message);
    }

    [Fact]
    public async Task Fit_ModelWithoutAPlanFile_IsBadInputNotIgnored()
    {
        var run = await Run("fit", "--data", Path("studies.csv"), "--model", "re");

        AssertBadInput(run, "fit: --model: chooses a model of a plan file; give the plan file, or describe the model with options");
    }

    [Theory]
    [InlineData("fit: --chains: is an option of NUTS models (--engine nuts)", "--chains", "2")]
    [InlineData("fit: --seed: must be a whole number of at least 0, got -1", "--engine", "nuts", "--priors", Priors, "--seed", "-1")]
    [InlineData("fit: --warmup: must be at least 0", "--engine", "nuts", "--priors", Priors, "--warmup", "-1")]
    [InlineData("fit: --target-acceptance: must be strictly between 0 and 1", "--engine", "nuts", "--priors", Priors, "--target-acceptance", "1")]
    [InlineData("fit: --curve: emax is non-linear in ED50 and is fitted by NUTS; set --engine nuts", "--dose", "year", "--curve", "emax")]
    [InlineData("fit: --priors: tau.scale: must be a finite number above 0", "--engine", "exact", "--priors", """{"tau": {"dist": "half_normal", "scale": -1}}""")]
    public async Task Fit_BadModelOption_NamesTheOption(string message, params string[] options)
    {
        var run = await Run(["fit", "--data", Path("studies.csv"), .. options]);

        AssertBadInput(run, message);
    }

    [Fact]
    public async Task Fit_SamplerOptions_AreTheSamplersSettings()
    {
        var run = await Run("fit", "--data", Path("studies.csv"), "--engine", "nuts", "--priors", Priors, "--chains", "2", "--warmup", "150", "--iterations", "100", "--seed", "7", "--target-acceptance", "0.85", "--json");

        Assert.True(run.ExitCode is ExitCodes.Success, run.Error);
        Assert.Contains("2 chains of 100 draws after 150 warmup iterations, seed 7, adapt_delta 0.85", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("analyze", "--r")]
    [InlineData("fit", "--imputed-r")]
    [InlineData("compare", null)]
    [InlineData("report", null)]
    public async Task Help_ImputedCorrelation_HasOneNameOnEveryCommandAndTheOldNameIsHidden(string command, string? oldName)
    {
        var run = await Run(command, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(ImputedCorrelationOption.Name + " <", run.Output, StringComparison.Ordinal);
        if (oldName is not null)
        {
            Assert.DoesNotContain(oldName + " ", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fit_OldCorrelationName_GivesTheSameFitAsTheNewOne()
    {
        var data = RepositoryPaths.RtmsExample;

        var old = await Run(["fit", "--data", data, .. RtmsColumns, "--imputed-r", "0.8", "--json"]);
        var renamed = await Run(["fit", "--data", data, .. RtmsColumns, "--imputed-correlation", "0.8", "--json"]);
        var other = await Run(["fit", "--data", data, .. RtmsColumns, "--imputed-correlation", "0.2", "--json"]);

        Assert.Equal(Models(renamed), Models(old));
        Assert.NotEqual(Models(renamed), Models(other));
    }

    [Fact]
    public async Task Compare_ImputedCorrelation_ReplacesThePlans()
    {
        File.Copy(RepositoryPaths.RtmsExample, Path("rtms.csv"));
        var plan = """
            data:
              file: rtms.csv
              measure: SMCC
              columns: { m1i: post_mean, m2i: pre_mean, sd1i: post_sd, sd2i: pre_sd, ni: n, ri: r_prepost }
              imputed_correlation: {0}
              study: study
            models:
              - name: re
            """;
        var half = Write("half.yaml", plan.Replace("{0}", "0.5", StringComparison.Ordinal));
        var high = Write("high.yaml", plan.Replace("{0}", "0.9", StringComparison.Ordinal));

        var replaced = await Run("compare", half, "--imputed-correlation", "0.9", "--json");
        var written = await Run("compare", high, "--json");

        Assert.Equal(Models(written), Models(replaced));
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static void AssertBadInput(InProcessRun run, string message)
    {
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Equal(string.Empty, run.Output);
    }

    private static string Models(InProcessRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return JsonNode.Parse(run.Output)!["models"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static Task<InProcessRun> Run(params string[] args) => InProcessRun.RunAsync(args);

    private string Path(string name) => System.IO.Path.Combine(folder.FullName, name);

    private string Write(string name, string text)
    {
        File.WriteAllText(Path(name), text);
        return Path(name);
    }
}
