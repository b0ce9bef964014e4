using System.CommandLine;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>report &lt;plan&gt;</c>: runs a plan locally and writes its self-contained HTML report (<c>&lt;plan&gt;-report.html</c> unless --out says otherwise).</summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create() => PlanCommand.Create(
        "report",
        "Run a plan and write one self-contained HTML report (data, models, diagnostics, comparison, plots, publication bias, inputs and versions)",
        file => Path.ChangeExtension(file.Name, null) + "-report.html");
}
