using System.CommandLine;
using MetaAnalysis.Cli.Remote;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// <c>get ID</c>: prints a job's or batch's state and result tables (a batch: one line per job, every job's
/// result, the comparison). The exit code says how the jobs went: 1 when one failed, 130 when one was
/// cancelled, 0 otherwise (also while jobs are still open).
/// </summary>
public static class GetCommand
{
    /// <summary>Creates the command for the process's terminal and environment.</summary>
    public static Command Create() => Create(CommandStreams.Standard, Environment.GetEnvironmentVariable);

    /// <summary>Creates the command writing to <paramref name="streams"/> and reading defaults from <paramref name="environment"/>.</summary>
    public static Command Create(CommandStreams streams, Func<string, string?> environment)
    {
        var (command, id, remote) = RemoteCommand.ForId("get", "Print a job's or batch's state and results from the server");
        command.SetAction((parse, token) => RunAsync(parse.GetRequiredValue(id), parse.GetValue(remote.Json), () => remote.Connection(parse, environment), streams, token));
        return command;
    }

    /// <summary>Prints <paramref name="id"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(string id, bool json, Func<ServerConnection> connect, CommandStreams streams, CancellationToken cancellationToken = default) =>
        RemoteCommand.RunAsync("get", streams, connect, async (client, _) =>
        {
            var target = RemoteTarget.Parse(id);
            if (target.IsBatch)
            {
                var batch = await client.GetBatchAsync(target.Id, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    streams.Output.WriteLine(ProtoJson.Document(batch));
                }
                else
                {
                    RemoteTables.WriteBatch(streams.Console, batch, results: true);
                }

                return JobOutcome.ExitCode(batch.Jobs.Select(j => j.State));
            }

            var job = await client.GetJobAsync(target.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (json)
            {
                streams.Output.WriteLine(ProtoJson.Document(job));
            }
            else
            {
                RemoteTables.WriteJob(streams.Console, job);
            }

            return JobOutcome.ExitCode([job.State]);
        }, cancellationToken);
}
