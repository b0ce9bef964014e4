using MetaAnalysis.Cli.Commands;

namespace MetaAnalysis.Cli.Tests;

public sealed class ConformanceCommandTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("conformance-");

    [Fact]
    public void Run_FailingCase_PrintsFigureAndExitsNonZero()
    {
        File.WriteAllText(Path.Combine(folder.FullName, "wrong.json"), """
            {"id": "wrong", "task": "begg", "data": {"yi": [0.1, 0.5, -0.2, 0.8], "vi": [0.04, 0.09, 0.01, 0.16]},
             "expected": {"kendall_tau": 0.9}, "tolerance": {"relative": 1e-5, "absolute": 1e-7}}
            """);
        File.WriteAllText(Path.Combine(folder.FullName, "unknown.json"), """
            {"id": "unknown", "task": "no_such_task", "data": {}, "expected": {}}
            """);
        using var output = new StringWriter();

        var exit = ConformanceCommand.Run(folder, verbose: false, output, TextWriter.Null);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ConformanceCommand.CasesFailed, exit);
        Assert.Contains(lines, l => l.StartsWith("FAIL wrong (begg) kendall_tau: expected 0.9", StringComparison.Ordinal));
        Assert.Equal("0 passed, 1 failed, 1 skipped", lines[^1]);
    }

    [Fact]
    public void Run_MissingFolder_ExitsWithFolderMissing()
    {
        using var output = new StringWriter();
        Assert.Equal(ConformanceCommand.FolderMissing, ConformanceCommand.Run(new DirectoryInfo(Path.Combine(folder.FullName, "none")), false, output, TextWriter.Null));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
