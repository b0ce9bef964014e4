using Grpc.Core;
using MetaAnalysis.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// The server's worker API over gRPC. Transient failures (server restarting, network) are retried where
/// that is safe: every report carries the attempt number, so a repeated report can never apply to a newer
/// attempt, and a stale one is refused (FAILED_PRECONDITION).
/// </summary>
public sealed class GrpcJobSource : IJobSource
{
    /// <summary>The header that carries the worker credential.</summary>
    public const string WorkerKeyHeader = "x-worker-key";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly WorkerService.WorkerServiceClient client;
    private readonly Metadata headers;
    private readonly TimeSpan longPoll;
    private readonly TimeSpan reportTimeout;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates the source over <paramref name="client"/> with the worker credential <paramref name="workerKey"/>.</summary>
    public GrpcJobSource(WorkerService.WorkerServiceClient client, string workerKey, TimeSpan longPoll, TimeSpan reportTimeout, TimeProvider time, ILogger logger)
    {
        this.client = client;
        headers = new Metadata { { WorkerKeyHeader, workerKey } };
        this.longPoll = longPoll;
        this.reportTimeout = reportTimeout;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<LeasedJob?> LeaseAsync(string workerId, CancellationToken cancellationToken)
    {
        var request = new LeaseRequest { WorkerId = workerId, WaitSeconds = longPoll.TotalSeconds };
        var deadline = time.GetUtcNow().UtcDateTime + longPoll + TimeSpan.FromSeconds(10);
        var response = await client.LeaseAsync(request, headers, deadline, cancellationToken).ConfigureAwait(false);
        return response.Job;
    }

    /// <inheritdoc />
    public async Task<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        try
        {
            var response = await client.HeartbeatAsync(heartbeat, headers, Deadline(), cancellationToken).ConfigureAwait(false);
            return response.Cancel ? HeartbeatOutcome.Cancel : HeartbeatOutcome.Continue;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
        {
            return HeartbeatOutcome.LeaseLost;
        }
        catch (RpcException exception) when (IsTransient(exception))
        {
            Log.ServerUnreachable(logger, exception, heartbeat.JobId, "heartbeat");
            return HeartbeatOutcome.Unreachable;
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(CompleteRequest completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return ReportAsync(completion.JobId, "complete", async () => await client.CompleteAsync(completion, headers, Deadline(), cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> FailAsync(FailRequest failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return ReportAsync(failure.JobId, "fail", async () => await client.FailAsync(failure, headers, Deadline(), cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    /// <summary>Sends a final report, retrying while the server is unreachable; false when it was refused as stale.</summary>
    private async Task<bool> ReportAsync(string jobId, string call, Func<Task> send, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await send().ConfigureAwait(false);
                return true;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
            {
                return false;
            }
            catch (RpcException exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                // Until the lease runs out the report can still land; after that the server refuses it.
                Log.ServerUnreachable(logger, exception, jobId, call);
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DateTime Deadline() => time.GetUtcNow().UtcDateTime + reportTimeout;

    private static bool IsTransient(RpcException exception) =>
        exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal;
}
