using System.Text.RegularExpressions;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.Cli.Tests.EntryPoint;

/// <summary>
/// How wide the tables are: as COLUMNS says, else as the terminal; not wrapped when the output is a file or
/// a pipe; and at any width no number is split across lines.
/// </summary>
public sealed partial class TableWidthTests : IDisposable
{
    private const string Studies = """
        study,yi,vi,year
        A,0.30,0.040,2001
        A,0.12,0.050,2001
        B,0.55,0.030,2004
        C,-0.05,0.060,2008
        D,0.25,0.020,2010
        D,0.41,0.045,2010
        E,0.15,0.035,2015
        F,0.60,0.080,2018
        """;

    private static readonly string[] ModelNames =
    [
        "random effects, restricted maximum likelihood (REML)",
        "meta-regression on the year of publication",
        "three-level model, effects within studies",
        "Bayes RE, tau ~ half-normal(0.5)",
    ];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("table-width-");

    public TableWidthTests()
    {
        Write("studies.csv", Studies);
        Write("plan.yaml", $$"""
            data: { file: studies.csv, study: study }
            models:
              - name: {{ModelNames[0]}}
              - name: {{ModelNames[1]}}
                moderators: [year]
              - name: {{ModelNames[2]}}
                structure: three_level
              - name: {{ModelNames[3]}}
                engine: exact
                priors: { mu: { dist: normal, mean: 0, sd: 1 }, tau: { dist: half_normal, scale: 0.5 } }
            publication_bias: { egger: true, begg: true }
            """);
    }

    [Fact]
    public async Task Compare_OutputRedirected_NoRowIsWrapped()
    {
        var run = await Compare(columns: null);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = Lines(run.Output);
        Assert.True(lines.Max(l => l.Length) > 120, "the overview is wider than a terminal's default 80 columns");
        foreach (var name in ModelNames)
        {
            Assert.Contains(lines, l => l.Contains(name, StringComparison.Ordinal) && l.Contains("ok", StringComparison.Ordinal));
        }

        Assert.All(lines.Where(l => l.StartsWith('─')), l => Assert.True(l.Length <= ConsoleTables.UnwrappedHeadingWidth, l));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(90)]
    [InlineData(200)]
    public async Task Compare_Columns_NoLineIsWiderAndNoNumberIsSplit(int columns)
    {
        var unwrapped = await Compare(columns: null);

        var run = await Compare(columns);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.All(Lines(run.Output), l => Assert.True(l.Length <= columns, $"{l.Length} > {columns}: {l}"));
        Assert.Equal(Numbers(unwrapped.Output), Numbers(run.Output));
        Assert.Contains("0.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_AsAProcessWithOutputPiped_NoRowIsWrapped()
    {
        var (exit, output, error) = await CliRun.RunAsync(folder.FullName, TimeSpan.FromMinutes(2), new Dictionary<string, string?> { ["COLUMNS"] = null }, "compare", "plan.yaml");

        Assert.True(exit == ExitCodes.Success, error);
        var lines = Lines(output);
        Assert.True(lines.Max(l => l.Length) > 120, "the overview is wider than a terminal's default 80 columns");
        Assert.All(ModelNames, name => Assert.Contains(lines, l => l.Contains(name, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(new[] { 10, 20, 30 }, new[] { 5, 5, 5 }, 100, new[] { 10, 20, 30 })]
    [InlineData(new[] { 10, 20, 30 }, new[] { 5, 5, 5 }, 40, new[] { 10, 15, 15 })]
    [InlineData(new[] { 10, 20, 30 }, new[] { 8, 18, 5 }, 36, new[] { 9, 18, 9 })]
    public void Fit_TooWide_NarrowsTheWidestColumnsFirstDownToTheirLongestWord(int[] natural, int[] minimum, int available, int[] expected) =>
        Assert.Equal(expected, ColumnWidths.Fit(natural, minimum, available));

    [Fact]
    public void Fit_LongestWordsDoNotFit_IsNull() => Assert.Null(ColumnWidths.Fit([10, 20], [10, 15], 24));

    public void Dispose() => folder.Delete(recursive: true);

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>The numbers printed: a number split across lines would show as two others.</summary>
    private static SortedSet<string> Numbers(string text) => new(Number().Matches(text).Select(m => m.Value), StringComparer.Ordinal);

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex Number();

    private Task<InProcessRun> Compare(int? columns) => InProcessRun.RunAsync(
        ["compare", Path.Combine(folder.FullName, "plan.yaml")],
        columns is { } c ? new Dictionary<string, string> { ["COLUMNS"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder.FullName, name), text);
}
