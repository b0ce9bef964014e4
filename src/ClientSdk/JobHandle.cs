using MetaAnalysis.ClientSdk.Results;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>A submitted job: watch it, await its result, or cancel it.</summary>
public sealed class JobHandle
{
    private readonly IMetaAnalysisClient client;

    /// <summary>A handle on the job <paramref name="jobId"/> through <paramref name="client"/>.</summary>
    /// <param name="client">The client the handle's calls go through.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="existing">True when the submission's idempotency key had already created this job.</param>
    public JobHandle(IMetaAnalysisClient client, string jobId, bool existing)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        this.client = client;
        JobId = jobId;
        Existing = existing;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>True when the submission's idempotency key had already created this job.</summary>
    public bool Existing { get; }

    /// <summary>The job's events from the start (or after <paramref name="afterSequence"/>), resumed across broken connections, until its final event.</summary>
    public IAsyncEnumerable<JobEvent> WatchAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        client.WatchJobAsync(JobId, afterSequence, cancellationToken);

    /// <summary>Waits until the job has ended and returns its typed result; the job's progress events are not read.</summary>
    /// <exception cref="JobFailedException">The job failed.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    public Task<AnalysisResult> GetResultAsync(CancellationToken cancellationToken = default) =>
        client.GetResultAsync(JobId, cancellationToken);

    /// <summary>Cancels the job (a no-op when it has ended).</summary>
    public Task<CancelOutcome> CancelAsync(CancellationToken cancellationToken = default) =>
        client.CancelJobAsync(JobId, cancellationToken);
}
