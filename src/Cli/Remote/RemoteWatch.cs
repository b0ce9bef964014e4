using MetaAnalysis.ClientSdk;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Remote;

/// <summary>
/// Follows a job or batch until its final event (<c>watch</c>, <c>submit --watch</c>): progress as it comes,
/// then the final state and the comparison table; the exit code sums up the jobs (<see cref="JobOutcome"/>).
/// The SDK resumes the stream when the connection breaks.
/// </summary>
public static class RemoteWatch
{
    /// <summary>Watches <paramref name="target"/> from after <paramref name="afterSequence"/>.</summary>
    /// <param name="client">The server's client.</param>
    /// <param name="target">The job or batch.</param>
    /// <param name="afterSequence">Show the events after this sequence number (0: all).</param>
    /// <param name="json">One JSON object per event on standard output instead of progress and tables.</param>
    /// <param name="streams">Where to write.</param>
    /// <param name="command">The command's name, for messages.</param>
    /// <param name="cancellationToken">Ctrl+C: stops watching (the jobs go on).</param>
    /// <param name="names">The model name of every job id when the caller knows them (just submitted); null to ask the server.</param>
    /// <param name="server">The server's address, for the final tables' record of where the work ran.</param>
    public static async Task<int> RunAsync(
        MetaAnalysisClient client,
        RemoteTarget target,
        long afterSequence,
        bool json,
        CommandStreams streams,
        string command,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? names = null,
        Uri? server = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(streams);
        names ??= target.IsBatch
            ? (await client.GetBatchAsync(target.Id, cancellationToken).ConfigureAwait(false)).Jobs.ToDictionary(j => j.JobId, j => j.Name, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { [target.Id] = (await client.GetJobAsync(target.Id, cancellationToken: cancellationToken).ConfigureAwait(false)).Name };
        var events = target.IsBatch
            ? client.WatchBatchAsync(target.Id, afterSequence, cancellationToken)
            : client.WatchJobAsync(target.Id, afterSequence, cancellationToken);
        var display = new EventDisplay(streams.Console, names);
        var last = afterSequence;
        try
        {
            if (json)
            {
                await foreach (var item in events.ConfigureAwait(false))
                {
                    streams.Output.WriteLine(ProtoJson.Line(item));
                    last = item.Sequence;
                }
            }
            else
            {
                await display.ShowAsync(events, afterSequence).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RemoteCommand.IsCancellation(ex, cancellationToken))
        {
            last = json ? last : display.LastSequence;
            streams.Error.WriteLine($"{command}: stopped watching after event {last}; the jobs go on (metaanalysis watch {target.Id} --from {last})");
            return ExitCodes.Cancelled;
        }

        var document = await GetCommand.Fetch(client, target, server ?? new Uri(ServerConnection.DefaultAddress), $"metaanalysis watch {target.Id}", cancellationToken).ConfigureAwait(false);
        if (!json)
        {
            ConsoleTables.WriteDocument(streams.Console, document, modelTables: false);
            ConsoleTables.WriteStates(streams.Console, target.ToString(), document);
        }

        return JobOutcome.ExitCode(document.Models.Select(m => m.State));
    }
}
