using System.CommandLine;
using MetaAnalysis.Cli.Remote;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>report PLAN</c> runs a plan locally and writes its self-contained HTML report (<c>PLAN-report.html</c>
/// unless --out says otherwise); <c>report BATCH_ID</c> (or a job id) writes the same report, with the same
/// sections and figures, for work done on the server (<c>BATCH_ID-report.html</c>).
/// </summary>
public static class ReportCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/> and reading defaults from <paramref name="environment"/>.</summary>
    public static Command Create(CommandStreams streams, Func<string, string?> environment)
    {
        var source = new Argument<string>("plan-or-id") { Description = "A plan file (run locally), or a batch or job id on the server (batch_..., job_...)" };
        var options = new BatchOptions();
        var remote = new RemoteOptions();
        var command = new Command("report", "Write one self-contained HTML report (data, models, diagnostics, comparison, plots, publication bias, inputs and versions) of a plan run locally or of a batch on the server")
        {
            source, remote.Server, remote.ApiKey,
        };
        options.AddTo(command);
        command.SetAction((parse, token) =>
        {
            var value = parse.GetRequiredValue(source);
            if (IsRemote(value))
            {
                if (options.LocalOnlyGiven(parse).FirstOrDefault() is { } local)
                {
                    streams.Error.WriteLine($"report: {local}: applies to a plan run here, not to {value} on the server");
                    return Task.FromResult(ExitCodes.BadInput);
                }

                var target = RemoteTarget.Parse(value);
                var output = options.Output(parse, $"{target.Id}-report.html", modelTables: false);
                return RemoteCommand.RunAsync("report", streams, () => remote.Connection(parse, environment), async (client, connection) =>
                {
                    var document = await GetCommand.Fetch(client, target, connection.Address, BatchOptions.CommandLine(parse), token).ConfigureAwait(false);
                    return BatchExecution.Write("report", document, output, streams);
                }, token);
            }

            var file = new FileInfo(value);
            return Task.FromResult(BatchExecution.Run(
                "report",
                () => options.LoadPlanFile(parse, file),
                options.Output(parse, Path.ChangeExtension(file.Name, null) + "-report.html", modelTables: false),
                streams,
                BatchOptions.CommandLine(parse),
                token));
        });
        return command;
    }

    /// <summary>Whether <paramref name="value"/> names work on the server rather than a plan file.</summary>
    public static bool IsRemote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return !File.Exists(value) && (value.StartsWith("batch_", StringComparison.Ordinal) || value.StartsWith("job_", StringComparison.Ordinal));
    }
}
