using System.CommandLine;

namespace MetaAnalysis.Cli.Commands;

/// <summary>A command that runs a whole plan file locally (<c>compare</c>, <c>report</c>): they differ only in what they write by default.</summary>
public static class PlanCommand
{
    /// <summary>Creates the command <paramref name="name"/> writing to <paramref name="streams"/>; <paramref name="defaultReport"/> gives the report path when --out is absent (null: no report).</summary>
    public static Command Create(string name, string description, Func<FileInfo, string?> defaultReport, CommandStreams streams)
    {
        ArgumentNullException.ThrowIfNull(defaultReport);
        var plan = new Argument<FileInfo>("plan") { Description = "The analysis plan (YAML or JSON) listing the data and the models" };
        var options = new BatchOptions();
        var command = new Command(name, description) { plan };
        options.AddTo(command);
        command.SetAction((parse, token) =>
        {
            var file = parse.GetRequiredValue(plan);
            return Task.FromResult(BatchExecution.Run(
                name,
                () => options.LoadPlanFile(parse, file),
                options.Output(parse, defaultReport(file), modelTables: false),
                streams,
                BatchOptions.CommandLine(parse),
                token));
        });
        return command;
    }
}
