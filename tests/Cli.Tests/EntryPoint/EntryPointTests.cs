using System.CommandLine;
using MetaAnalysis.Cli.Commands;

namespace MetaAnalysis.Cli.Tests.EntryPoint;

/// <summary>
/// The program's entry point on command lines it cannot run: help, usage errors, and exceptions that escape a
/// command — each a short message and a documented exit code, never a stack trace.
/// </summary>
public sealed class EntryPointTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("entry-point-");

    [Fact]
    public async Task Run_NoArguments_PrintsTheHelpAndExitsZero()
    {
        var run = await InProcessRun.RunAsync([]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("analyze", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Theory]
    [InlineData("analyze", "--bogus")]
    [InlineData("bogus")]
    [InlineData("--json")]
    [InlineData("report")]
    public async Task Run_CommandLineThatDoesNotParse_IsBadInputPointingToTheHelp(params string[] args)
    {
        var run = await InProcessRun.RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Contains("--help' for the options.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-x")]
    public async Task Fit_UnknownOption_IsAnErrorNotAPlanFileName(string option)
    {
        var data = Write("studies.csv", InProcessRun.Studies);

        var run = await InProcessRun.RunAsync(["fit", option, "--data", data]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"'{option}' is not an option of 'metaanalysis fit'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_YamlSyntaxError_NamesTheFileLineAndColumn()
    {
        Write("studies.csv", InProcessRun.Studies);
        var plan = Write("plan.yaml", "data: { file: studies.csv\nmodels: x: y\n");

        var run = await InProcessRun.RunAsync(["compare", plan]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("compare: plan.yaml: line 1, column 7: this '{' is not closed", run.Error.Trim());
    }

    [Fact]
    public async Task Run_CommandThrowsUnexpectedly_OneLineWithAnErrorIdAndTheDetailsInTheLog()
    {
        var run = await InProcessRun.RunAsync(["defect"], extend: root =>
        {
            var command = new Command("defect");
            command.SetAction(int (_) => throw new InvalidOperationException("a defect's own words"));
            root.Subcommands.Add(command);
        });

        Assert.Equal(ExitCodes.InternalError, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^defect: internal error \\(error id (?<id>[0-9a-f]{12}); the details are in .+errors\\.log\\); please report it", line);
        Assert.DoesNotContain("a defect's own words", run.Error, StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(line, "error id ([0-9a-f]{12})").Groups[1].Value;
        Assert.Contains($"defect: error id {id}", run.ErrorLog, StringComparison.Ordinal);
        Assert.Contains("a defect's own words", run.ErrorLog, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
