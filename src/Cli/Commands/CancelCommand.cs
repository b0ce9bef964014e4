using System.CommandLine;
using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Remote;
using Spectre.Console;

namespace MetaAnalysis.Cli.Commands;

/// <summary><c>cancel ID</c>: cancels a queued or running job, or every open job of a batch; ended jobs stay as they are.</summary>
public static class CancelCommand
{
    /// <summary>Creates the command writing to <paramref name="streams"/> and reading defaults from <paramref name="environment"/>.</summary>
    public static Command Create(CommandStreams streams, Func<string, string?> environment)
    {
        var (command, id, remote) = RemoteCommand.ForId("cancel", "Cancel a job, or every open job of a batch, on the server");
        command.SetAction((parse, token) => RunAsync(parse.GetRequiredValue(id), parse.GetValue(remote.Json), () => remote.Connection(parse, environment), streams, token));
        return command;
    }

    /// <summary>Cancels <paramref name="id"/>; returns the exit code (0 also when there was nothing left to cancel).</summary>
    public static Task<int> RunAsync(string id, bool json, Func<ServerConnection> connect, CommandStreams streams, CancellationToken cancellationToken = default) =>
        RemoteCommand.RunAsync("cancel", streams, connect, async (client, _) =>
        {
            var target = RemoteTarget.Parse(id);
            var cancelled = (target.IsBatch
                ? await client.CancelBatchAsync(target.Id, cancellationToken).ConfigureAwait(false)
                : await client.CancelJobAsync(target.Id, cancellationToken).ConfigureAwait(false)).Cancelled;
            if (json)
            {
                streams.Output.WriteLine(new JsonObject { [target.IsBatch ? "batch_id" : "job_id"] = target.Id, ["cancelled"] = cancelled }.ToJsonString());
            }
            else
            {
                streams.Console.MarkupLine(Markup.Escape(cancelled > 0
                    ? $"cancelled {cancelled} open job{(cancelled == 1 ? string.Empty : "s")} of {target}"
                    : $"{target} has no open job; nothing was cancelled"));
            }

            return ExitCodes.Success;
        }, cancellationToken);
}
