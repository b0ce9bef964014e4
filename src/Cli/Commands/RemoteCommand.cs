using System.CommandLine;
using Grpc.Core;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Cli.Remote;

namespace MetaAnalysis.Cli.Commands;

/// <summary>
/// The common path of <c>submit</c>, <c>watch</c>, <c>get</c> and <c>cancel</c>: connect, do the work, and turn
/// every failure into a message on standard error and an exit code (<see cref="ExitCodes"/>).
/// </summary>
public static class RemoteCommand
{
    /// <summary>A command on one job or batch: its ID argument and the remote options, for the caller to give an action.</summary>
    public static (Command Command, Argument<string> Id, RemoteOptions Remote) ForId(string name, string description)
    {
        var id = new Argument<string>("ID") { Description = "A job id (job_...) or batch id (batch_...)" };
        var remote = new RemoteOptions();
        var command = new Command(name, description) { id };
        remote.AddTo(command);
        return (command, id, remote);
    }

    /// <summary>Runs <paramref name="work"/> with a client of the server <paramref name="connect"/> names.</summary>
    /// <param name="command">The command's name, which starts every error message.</param>
    /// <param name="streams">Where to write.</param>
    /// <param name="connect">The server and key (may throw for bad options).</param>
    /// <param name="work">The command's work; returns the exit code.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(
        string command,
        CommandStreams streams,
        Func<ServerConnection> connect,
        Func<MetaAnalysisClient, ServerConnection, Task<int>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(work);
        ServerConnection? connection = null;
        try
        {
            connection = connect();
            using var client = connection.Connect();
            return await work(client, connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCancellation(ex, cancellationToken))
        {
            streams.Error.WriteLine($"{command}: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (RpcException ex)
        {
            return Fail(command, streams, ex, connection!.Address);
        }
        catch (SpecRejectedException ex) when (ex.InnerException is RpcException rejected)
        {
            return Fail(command, streams, rejected, connection!.Address);
        }
#pragma warning disable CA1031 // Every other failure becomes a message and an exit code, in one place.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return CommandFailures.Report(command, ex, streams);
        }
    }

    /// <summary>Writes the message of a failed call and returns its exit code.</summary>
    public static int Fail(string command, CommandStreams streams, RpcException exception, Uri server, IReadOnlyList<string>? modelNames = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var (message, exitCode) = RemoteErrors.Describe(exception, server, modelNames);
        streams.Error.WriteLine($"{command}: {message}");
        return exitCode;
    }

    /// <summary>Whether <paramref name="exception"/> is the end of a call that Ctrl+C cancelled.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException || (exception is RpcException { StatusCode: StatusCode.Cancelled } && cancellationToken.IsCancellationRequested);
}
