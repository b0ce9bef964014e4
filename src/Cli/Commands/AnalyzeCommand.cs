using System.CommandLine;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>analyze</c>: the example rTMS analysis — the whole plan of <c>examples/rtms/plan.yaml</c> on the
/// embedded data set (or <c>--data</c>) — written as an HTML report (<c>rtms-report.html</c> unless
/// <c>--out</c> says otherwise).
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>The report's file name when <c>--out</c> is not given.</summary>
    public const string DefaultReport = "rtms-report.html";

    /// <summary>Creates the command writing to <paramref name="streams"/>.</summary>
    public static Command Create(CommandStreams streams)
    {
        var options = new BatchOptions(oldCorrelationName: "--r");
        var command = new Command("analyze", "Run the example rTMS meta-analysis plan (effect sizes, random effects, subgroups, three levels, dose-response, Bayesian models, publication bias, sensitivity) and write its report");
        options.AddTo(command);
        command.SetAction((parse, token) => Task.FromResult(BatchExecution.Run(
            "analyze",
            () => Inputs(parse.GetValue(options.Data), options.Correlation.Value(parse)),
            options.Output(parse, DefaultReport, modelTables: false),
            streams,
            BatchOptions.CommandLine(parse),
            token)));
        return command;
    }

    /// <summary>Runs the example plan on <paramref name="data"/> (null: the embedded data set).</summary>
    public static int Run(FileInfo? data, double? imputedCorrelation, BatchOutput output, CommandStreams streams, string commandLine = "metaanalysis analyze", CancellationToken cancellationToken = default) =>
        BatchExecution.Run("analyze", () => Inputs(data, imputedCorrelation), output, streams, commandLine, cancellationToken);

    /// <summary>The embedded plan (with the imputed correlation replaced when given) and the table.</summary>
    public static (AnalysisPlan Plan, StudyTable Table) Inputs(FileInfo? data, double? imputedCorrelation) =>
        (ImputedCorrelationOption.Apply(RtmsExample.EmbeddedPlan(), imputedCorrelation), data is null ? RtmsExample.EmbeddedTable() : StudyTable.Load(data.FullName));
}
