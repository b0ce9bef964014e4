using System.Text.Json;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Frequentist;
using Spectre.Console.Testing;

namespace MetaAnalysis.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("analyze-");

    [Fact]
    public void Run_EmbeddedDefaultsAsJson_ReportsTheEnginesFigures()
    {
        using var output = new StringWriter();

        var exit = AnalyzeCommand.Run(null, RtmsExample.DefaultImputedCorrelation, json: true, new TestConsole(), output);

        Assert.Equal(AnalyzeCommand.Success, exit);
        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        Assert.Equal(31, root.GetProperty("k").GetInt32());
        Assert.Equal(10, root.GetProperty("studies").GetInt32());

        var (_, data) = RtmsExample.Effects(RtmsExample.EmbeddedTable(), RtmsExample.DefaultImputedCorrelation);
        var fit = RandomEffectsModel.Fit(data);
        Assert.Equal(fit.Coefficients[0].Estimate, root.GetProperty("random_effects").GetProperty("estimate").GetDouble(), 1e-12);
        Assert.Equal(fit.Tau2, root.GetProperty("tau2").GetDouble(), 1e-12);
        Assert.Equal(9, root.GetProperty("sensitivity").GetArrayLength());
    }

    [Fact]
    public void Run_TablesToConsole_ShowsEverySection()
    {
        var console = new TestConsole();
        console.Profile.Width = 160;

        Assert.Equal(AnalyzeCommand.Success, AnalyzeCommand.Run(null, 0.5, json: false, console, TextWriter.Null));

        var text = console.Output;
        Assert.Contains("three-level (REML)", text, StringComparison.Ordinal);
        Assert.Contains("By metabolite", text, StringComparison.Ordinal);
        Assert.Contains("Trim-and-fill (L0)", text, StringComparison.Ordinal);
        Assert.Contains("Sensitivity to the assumed pre/post correlation", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadCell_NamesLineAndColumn()
    {
        var lines = File.ReadAllLines(Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "rtms_synthetic.csv"));
        lines[3] = lines[3].Replace("9.192", "9.1x2", StringComparison.Ordinal);
        var path = Path.Combine(folder.FullName, "bad.csv");
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<StudyTableException>(() => StudyTable.Load(path).Numbers("pre_mean"));

        Assert.Equal("bad.csv line 4, column 'pre_mean': '9.1x2' is not a number", error.Message);
        Assert.Equal(AnalyzeCommand.BadInput, AnalyzeCommand.Run(new FileInfo(path), 0.5, json: true, new TestConsole(), TextWriter.Null));
    }

    [Fact]
    public void Run_CorrelationOutsideRange_IsBadInput()
    {
        Assert.Equal(AnalyzeCommand.BadInput, AnalyzeCommand.Run(null, 1.5, json: true, new TestConsole(), TextWriter.Null));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
