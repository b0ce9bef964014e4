using System.CommandLine;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>report &lt;plan&gt;</c>: runs a plan locally and writes its self-contained HTML report.</summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var plan = new Argument<FileInfo>("plan") { Description = "The analysis plan (YAML or JSON)" };
        var options = new BatchOptions();
        var command = new Command("report", "Run a plan and write one self-contained HTML report (data, models, diagnostics, comparison, plots, publication bias, inputs and versions)") { plan };
        options.AddTo(command);
        command.SetAction((parse, token) =>
        {
            var file = parse.GetRequiredValue(plan);
            var defaultReport = Path.ChangeExtension(file.Name, null) + "-report.html";
            return Task.FromResult(BatchExecution.Run(
                "report",
                () => BatchExecution.LoadPlanFile(file, parse.GetValue(options.Data)),
                options.Output(parse, defaultReport, modelTables: false),
                CommandStreams.Standard,
                BatchOptions.CommandLine(parse),
                token));
        });
        return command;
    }
}
