using System.CommandLine;
using MetaAnalysis.Cli.Conformance;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>conformance &lt;folder&gt;</c>: runs every reference case of a folder and reports what does not match.</summary>
public static class ConformanceCommand
{
    /// <summary>Exit code when every case passed (skips allowed).</summary>
    public const int Success = 0;

    /// <summary>Exit code when any case failed.</summary>
    public const int CasesFailed = 1;

    /// <summary>Exit code when the folder does not exist.</summary>
    public const int FolderMissing = 2;

    /// <summary>Creates the command writing to <paramref name="streams"/>.</summary>
    public static Command Create(CommandStreams streams)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A folder of *.json conformance cases" };
        var verbose = new Option<bool>("--verbose") { Description = "Also list skipped cases and figures a task does not produce" };
        var command = new Command("conformance", "Run reference cases (metafor, exact integration, Stan) through the engines") { folder, verbose };
        command.SetAction(parse => Run(parse.GetRequiredValue(folder), parse.GetValue(verbose), streams.Output, streams.Error));
        return command;
    }

    /// <summary>Runs the folder, writes one line per failing figure and the closing count line to <paramref name="output"/>.</summary>
    public static int Run(DirectoryInfo folder, bool verbose, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!folder.Exists)
        {
            error.WriteLine($"conformance: folder '{folder.FullName}' does not exist");
            return FolderMissing;
        }

        var summary = ConformanceRunner.WithAllTasks().RunFolder(folder.FullName);
        foreach (var result in summary.Cases)
        {
            var show = result.Outcome == CaseOutcome.Failed || verbose;
            if (!show)
            {
                continue;
            }

            var tag = result.Outcome switch
            {
                CaseOutcome.Failed => "FAIL",
                CaseOutcome.Skipped => "SKIP",
                _ => "PASS",
            };
            foreach (var detail in result.Details.DefaultIfEmpty(string.Empty))
            {
                output.WriteLine($"{tag} {result.Id} ({result.Task}) {detail}".TrimEnd());
            }
        }

        output.WriteLine(summary.ClosingLine);
        return summary.Failed == 0 ? Success : CasesFailed;
    }
}
