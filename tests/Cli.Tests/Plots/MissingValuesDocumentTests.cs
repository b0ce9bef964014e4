using MetaAnalysis.Reports.Tests.Plots;
using System.Text;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Reports.Html;
using MetaAnalysis.Reports.Plots;
using MetaAnalysis.Reports.Tables;

namespace MetaAnalysis.Cli.Tests.Plots;

/// <summary>
/// The rTMS example plan on its data with four cells blanked (an SD, a dose, a subgroup level and a study):
/// every model runs on the effects it can use, and the document says which it left out.
/// </summary>
public sealed class MissingValuesDocumentTests
{
    private readonly AnalysisDocument document;

    private readonly AnalysisPlan plan;

    public MissingValuesDocumentTests()
    {
        var path = Path.Combine(ReferenceCases.RepositoryRoot, "examples", "rtms", "plan.yaml");

        // Without the sampled model (the figures of the others are what is checked here).
        plan = PlanReader.Parse(File.ReadAllText(path), path, Path.GetDirectoryName(path));
        plan = plan with { Models = plan.Models.Where(m => m.Engine != ModelEngine.Nuts).ToArray() };
        var table = StudyTable.Read(new StringReader(Blank(File.ReadAllText(plan.DataPath!), ("post_sd", 4), ("pulses_total", 8), ("group", 11), ("study", 13))), "rtms.csv");
        var request = PlanRequest.Build(plan, table).Request;
        var (models, comparison) = BatchRunner.Run(request);
        document = new AnalysisDocument(plan.Title, request.Data, models, comparison, RunInformation.Capture(DateTimeOffset.UtcNow, 0, "test"), null);
    }

    [Fact]
    public void Run_EveryModel_HasAResultWithoutTheEffectsItCouldNotUse()
    {
        Assert.All(document.Models, m => Assert.True(m.Result is not null, $"{m.Name}: {m.Failure}"));
        var randomEffects = document.Results.Single(r => r.Name == "random effects (REML)").Result;
        Assert.Equal(30, randomEffects.K);
        Assert.Equal(["sd1i"], randomEffects.Omitted.Select(o => o.Missing));
        var byGroup = document.Results.Single(r => r.Name == "by group").Result;
        Assert.Equal(["sd1i", "moderator group"], byGroup.Omitted.Select(o => o.Missing));
        var dose = document.Results.Single(r => r.Name == "dose, linear (three-level)").Result;
        Assert.Equal(["sd1i", "dose", "cluster"], dose.Omitted.Select(o => o.Missing));
        Assert.Contains(document.Comparison.Notes, n => n.StartsWith("Not every model used the same effects", StringComparison.Ordinal));
    }

    [Fact]
    public void Figures_Forests_HaveOneRowPerEffectTheModelUsed()
    {
        var figures = DocumentFigures.Create(document);

        var forest = Assert.Single(figures, f => f.Name == "forest-random-effects-reml");
        _ = forest.Svg();
        Assert.Equal(1 + 30 + 1, forest.Plot.Axes.Left.TickGenerator.Ticks.Length);
        Assert.All(figures, f => PngCheck.AssertNotBlank(f.Png(), f.Name));
    }

    [Fact]
    public void Report_SaysWhatEachModelLeftOut_AndShowsNaInTheData()
    {
        var html = HtmlReport.Render(document, DocumentFigures.Create(document));

        Assert.Contains("Left out: 1 effect with a missing value, k = 30 used: S01 Glx nonresponder (sd1i).", html, StringComparison.Ordinal);
        Assert.Contains("<td>NA</td>", html, StringComparison.Ordinal);
        Assert.Contains("1 left out (missing)", ResultTables.Overview(document).Rows.Select(r => r[^1]));
    }

    [Theory]
    [InlineData("group", "rtms.csv line 11, column 4 (group): is missing")]
    [InlineData("post_sd", "rtms.csv line 11, column 15 (post_sd): is missing")]
    [InlineData("study", "rtms.csv line 11, column 2 (study): is missing")]
    public void Validate_MissingValuesSetToFail_NamesTheCell(string column, string message)
    {
        var failing = plan with { Data = plan.Data with { FailOnMissing = true } };
        var table = StudyTable.Read(new StringReader(Blank(File.ReadAllText(plan.DataPath!), (column, 10))), "rtms.csv");
        var request = PlanRequest.Build(failing, table).Request;

        var error = Assert.Throws<StudyTableException>(() => PlanRequest.Validate(request, failing, table));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The CSV with the given cells (column, 1-based data row) blanked.</summary>
    private static string Blank(string csv, params (string Column, int Row)[] cells)
    {
        var lines = csv.Split('\n');
        var header = lines[0].Split(',');
        foreach (var (column, row) in cells)
        {
            var values = lines[row].Split(',');
            values[Array.IndexOf(header, $"\"{column}\"")] = string.Empty;
            lines[row] = string.Join(',', values);
        }

        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }
}
