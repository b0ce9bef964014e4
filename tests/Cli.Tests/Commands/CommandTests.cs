using MetaAnalysis.Reports.Tests.Plots;
using System.Text.Json;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Reports.Plots;
using MetaAnalysis.Cli.Tests.Plots;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Cli.Tests.EntryPoint;
using Spectre.Console.Testing;

namespace MetaAnalysis.Cli.Tests.Commands;

/// <summary>The batch commands' exit codes, messages and outputs on small plans over the example data.</summary>
public sealed class CommandTests : IDisposable
{
    private const string Data = """
        study,yi,vi,year,design
        A,0.30,0.040,2001,open
        A,0.10,0.050,2001,open
        B,0.55,0.030,2004,sham
        C,-0.05,0.060,2008,open
        D,0.25,0.020,2010,sham
        D,0.40,0.045,2010,sham
        E,0.15,0.035,2015,open
        F,0.60,0.080,2018,sham
        """;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("commands-");
    private readonly TestConsole console = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public CommandTests() => console.Profile.Width = 200;

    private CommandStreams Streams => new(console, output, error);

    [Fact]
    public async Task Fit_OptionsForAMetaRegression_PrintsTheEnginesSlopeAndDrawsABubblePlot()
    {
        var data = Write("studies.csv", Data);
        var plots = Path.Combine(folder.FullName, "plots");

        var run = await InProcessRun.RunAsync(["fit", "--data", data, "--study", "study", "--method", "REML", "--moderators", "year", "--plots", plots]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var table = Cli.Data.StudyTable.Load(data);
        var effects = EffectData.Create(table.Numbers("yi"), table.Numbers("vi"));
        var fit = RandomEffectsModel.Fit(effects, DesignMatrix.Create(effects.K, [Moderator.Continuous("year", table.Numbers("year"))]));
        Assert.Contains(Reports.Tables.NumberFormat.Fixed(fit.Coefficients[1].Estimate, 4), run.Output, StringComparison.Ordinal);
        PngCheck.AssertNotBlank(File.ReadAllBytes(Path.Combine(plots, "bubble-model.png")), "bubble plot");
    }

    [Fact]
    public void Fit_PlanModelByName_FitsOnlyThatModel()
    {
        Write("studies.csv", Data);
        var planFile = Write("plan.yaml", "data: { file: studies.csv, study: study }\nmodels:\n  - name: re\n  - name: three\n    structure: three_level\n");

        var exit = BatchExecution.Run("fit", () => FitCommand.FromPlan(BatchExecution.LoadPlanFile(new FileInfo(planFile), null), "three"), new BatchOutput(true, null, null, FigureFormat.None, true), Streams, "fit");

        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(output.ToString());
        var models = json.RootElement.GetProperty("models");
        Assert.Equal(1, models.GetArrayLength());
        Assert.Equal("three", models[0].GetProperty("name").GetString());
        Assert.Equal("three_level", models[0].GetProperty("result").GetProperty("model").GetString());
    }

    [Fact]
    public void Fit_UnknownModelName_IsBadInputListingTheModels()
    {
        Write("studies.csv", Data);
        var planFile = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n  - name: dl\n    method: DL\n");

        var exit = BatchExecution.Run("fit", () => FitCommand.FromPlan(BatchExecution.LoadPlanFile(new FileInfo(planFile), null), "nope"), new BatchOutput(false, null, null, FigureFormat.None, true), Streams, "fit");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("fit: --model: 'nope' is not a model of the plan; its models are: re; dl", error.ToString().Trim());
    }

    [Fact]
    public void Compare_BadCell_IsBadInputNamingLineAndColumn()
    {
        Write("studies.csv", Data.Replace("0.030", "0.0x0", StringComparison.Ordinal));
        var planFile = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n");

        var exit = BatchExecution.Run("compare", () => BatchExecution.LoadPlanFile(new FileInfo(planFile), null), new BatchOutput(false, null, null, FigureFormat.None, false), Streams, "compare");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("compare: studies.csv line 4, column 3 (vi): '0.0x0' is not a number", error.ToString().Trim());
    }

    [Fact]
    public void Compare_OneModelInvalid_IsBadInputNamingThePlansFieldBeforeAnythingRuns()
    {
        Write("studies.csv", Data);
        var planFile = Write("plan.yaml", """
            data: { file: studies.csv, study: study }
            models:
              - name: good
              - name: bad reference
                moderators: [design]
                reference: { design: placebo }
            """);

        var exit = BatchExecution.Run("compare", () => BatchExecution.LoadPlanFile(new FileInfo(planFile), null), new BatchOutput(true, null, null, FigureFormat.None, false), Streams, "compare");

        // The service refuses such a batch as a whole; the local run checks it with the same validator.
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.StartsWith("compare: models[1].reference.design: level 'placebo' does not occur", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_MissingDataFile_IsBadInput()
    {
        var planFile = Write("plan.yaml", "data: { file: nowhere.csv }\nmodels:\n  - name: re\n");

        Assert.Equal(ExitCodes.BadInput, BatchExecution.Run("compare", () => BatchExecution.LoadPlanFile(new FileInfo(planFile), null), new BatchOutput(false, null, null, FigureFormat.None, false), Streams, "compare"));
        Assert.Contains("nowhere.csv", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OutputUnderAFile_IsOutputFailed()
    {
        Write("studies.csv", Data);
        var planFile = Write("plan.yaml", "data: { file: studies.csv }\nmodels:\n  - name: re\n");
        var blocker = Write("blocker", "not a folder");

        var exit = BatchExecution.Run("report", () => BatchExecution.LoadPlanFile(new FileInfo(planFile), null), new BatchOutput(false, Path.Combine(blocker, "report.html"), null, FigureFormat.None, false), Streams, "report");

        Assert.Equal(ExitCodes.OutputFailed, exit);
        Assert.StartsWith("report: cannot write output", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CorrelationOutsideRange_IsBadInput()
    {
        Assert.Equal(ExitCodes.BadInput, AnalyzeCommand.Run(null, 1.5, new BatchOutput(true, null, null, FigureFormat.None, false), Streams));
        Assert.Equal("analyze: --imputed-correlation: must be a correlation in [-1, 1], got 1.5", error.ToString().Trim());
    }

    [Fact]
    public async Task Fit_BadColumnMapping_NamesTheOption()
    {
        var run = await InProcessRun.RunAsync(["fit", "--data", Write("studies.csv", Data), "--columns", "m1i"]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("fit: --columns: 'm1i' is not of the form metafor_name=column", run.Error.Trim());
    }

    public void Dispose()
    {
        output.Dispose();
        error.Dispose();
        folder.Delete(recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
