using System.CommandLine;
using MetaAnalysis.Cli.Remote;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>watch ID</c>: follows a job or batch on the server until it ends — progress, partial posterior summaries,
/// diagnostics, results — then prints its final state and comparison; <c>--json</c> writes one JSON object
/// per event.
/// </summary>
public static class WatchCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/> and reading defaults from <paramref name="environment"/>.</summary>
    public static Command Create(CommandStreams streams, Func<string, string?> environment)
    {
        var (command, id, remote) = RemoteCommand.ForId("watch", "Follow a job or batch on the server until it ends");
        var from = new Option<long>("--from") { Description = "Show only the events after this sequence number (to resume an earlier watch)" };
        command.Options.Add(from);
        command.SetAction((parse, token) => RunAsync(parse.GetRequiredValue(id), parse.GetValue(from), parse.GetValue(remote.Json), () => remote.Connection(parse, environment), streams, token));
        return command;
    }

    /// <summary>Watches <paramref name="id"/> after event <paramref name="fromSequence"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(string id, long fromSequence, bool json, Func<ServerConnection> connect, CommandStreams streams, CancellationToken cancellationToken = default) =>
        RemoteCommand.RunAsync("watch", streams, connect, (client, connection) =>
        {
            var target = RemoteTarget.Parse(id);
            if (fromSequence < 0)
            {
                throw new InvalidInputException("--from", "must be a sequence number of at least 0");
            }

            return RemoteWatch.RunAsync(client, target, fromSequence, json, streams, "watch", cancellationToken, server: connection.Address);
        }, cancellationToken);
}
