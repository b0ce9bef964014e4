using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Worker.Runtime;

namespace MetaAnalysis.Server.InProcess;

/// <summary>The queue as seen by workers inside the server: the same operations as the worker API, without the network.</summary>
public sealed class InProcessJobSource : IJobSource
{
    private readonly JobService jobs;
    private readonly ServiceOptions options;

    /// <summary>Creates the source over <paramref name="jobs"/>.</summary>
    public InProcessJobSource(JobService jobs, ServiceOptions options)
    {
        this.jobs = jobs;
        this.options = options;
    }

    /// <inheritdoc />
    public Task<LeasedJob?> LeaseAsync(string workerId, CancellationToken cancellationToken) =>
        jobs.LeaseAsync(workerId, options.LongPollWait, cancellationToken);

    /// <inheritdoc />
    public async Task<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            var response = await jobs.HeartbeatAsync(heartbeat).ConfigureAwait(false);
            return response.Cancel ? HeartbeatOutcome.Cancel : HeartbeatOutcome.Continue;
        }
        catch (StaleAttemptException)
        {
            return HeartbeatOutcome.LeaseLost;
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(CompleteRequest completion, CancellationToken cancellationToken) => AcceptedAsync(jobs.CompleteAsync(completion));

    /// <inheritdoc />
    public Task<bool> FailAsync(FailRequest failure, CancellationToken cancellationToken) => AcceptedAsync(jobs.FailAsync(failure));

    /// <summary>True when the report was applied, false when it was refused as stale.</summary>
    private static async Task<bool> AcceptedAsync(Task report)
    {
        try
        {
            await report.ConfigureAwait(false);
            return true;
        }
        catch (StaleAttemptException)
        {
            return false;
        }
    }
}
