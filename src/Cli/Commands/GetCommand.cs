using System.CommandLine;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Cli.Documents;
using MetaAnalysis.Reports.Documents;
using MetaAnalysis.Cli.Remote;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>get ID</c>: prints a job's or batch's state and result tables (a batch: one line per job, every job's
/// result, the comparison). The exit code says how the jobs went: 1 when one failed, 130 when one was
/// cancelled, 0 otherwise (also while jobs are still open).
/// </summary>
public static class GetCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/> and reading defaults from <paramref name="environment"/>.</summary>
    public static Command Create(CommandStreams streams, Func<string, string?> environment)
    {
        var (command, id, remote) = RemoteCommand.ForId("get", "Print a job's or batch's state and results from the server");
        command.SetAction((parse, token) => RunAsync(parse.GetRequiredValue(id), parse.GetValue(remote.Json), () => remote.Connection(parse, environment), streams, token));
        return command;
    }

    /// <summary>Prints <paramref name="id"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(string id, bool json, Func<ServerConnection> connect, CommandStreams streams, CancellationToken cancellationToken = default) =>
        RemoteCommand.RunAsync("get", streams, connect, async (client, connection) =>
        {
            var target = RemoteTarget.Parse(id);
            var document = await Fetch(client, target, connection.Address, $"metaanalysis get {target.Id}", cancellationToken).ConfigureAwait(false);
            if (json)
            {
                streams.Output.WriteLine(DocumentJson.Write(document).ToJsonString(JsonOutput.Options));
            }
            else
            {
                ConsoleTables.WriteStates(streams.Console, target.ToString(), document);
                ConsoleTables.WriteDocument(streams.Console, document, modelTables: true);
                if (target.IsBatch && document.Comparison.Rows.Count == 0)
                {
                    streams.Console.MarkupLine("[grey]the comparison follows when every job has ended[/]");
                }
            }

            return JobOutcome.ExitCode(document.Models.Select(m => m.State));
        }, cancellationToken);

    /// <summary>The document of a batch or a job on the server.</summary>
    public static Task<AnalysisDocument> Fetch(IMetaAnalysisClient client, RemoteTarget target, Uri server, string commandLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.IsBatch
            ? RemoteDocument.FetchAsync(client, target.Id, server, commandLine, cancellationToken)
            : RemoteDocument.FetchJobAsync(client, target.Id, server, commandLine, cancellationToken);
    }
}
