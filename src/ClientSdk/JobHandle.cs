using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>A submitted job: watch it, await its result, or cancel it.</summary>
public sealed class JobHandle
{
    private readonly MetaAnalysisClient client;

    internal JobHandle(MetaAnalysisClient client, string jobId, bool existing)
    {
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

    /// <summary>Waits for the job's result.</summary>
    /// <exception cref="JobFailedException">The job failed.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    public async Task<FitResult> GetResultAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in WatchAsync(0, cancellationToken).ConfigureAwait(false))
        {
            switch (item.KindCase)
            {
                case JobEvent.KindOneofCase.Result:
                    return item.Result;
                case JobEvent.KindOneofCase.Failed:
                    throw new JobFailedException(JobId, item.Failed);
                case JobEvent.KindOneofCase.Cancelled:
                    throw new JobCancelledException(JobId);
            }
        }

        // The stream ended without a final event (it cannot, but a reader should not hang on it): ask directly.
        var job = await client.GetJobAsync(JobId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return job.State switch
        {
            JobState.Succeeded => job.Result,
            JobState.Failed => throw new JobFailedException(JobId, job.Failure),
            JobState.Cancelled => throw new JobCancelledException(JobId),
            _ => throw new InvalidOperationException($"job {JobId} is still {job.State} but its event stream ended"),
        };
    }

    /// <summary>Cancels the job; true when it was still open.</summary>
    public async Task<bool> CancelAsync(CancellationToken cancellationToken = default) =>
        await client.CancelJobAsync(JobId, cancellationToken).ConfigureAwait(false) > 0;
}
