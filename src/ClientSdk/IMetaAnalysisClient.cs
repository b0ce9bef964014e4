using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.ClientSdk.Results;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>
/// The operations of the meta-analysis service, as <see cref="MetaAnalysisClient"/> offers them; tools that
/// use the service depend on this interface so that their tests can replace the server.
/// </summary>
public interface IMetaAnalysisClient
{
    /// <summary>Submits one spec (see <see cref="AnalysisBuilder"/>).</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="idempotencyKey">Makes the submission repeatable: the same key and spec give the same job. A new key is made when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SpecRejectedException">The server refused the spec; the exception names the field.</exception>
    Task<JobHandle> SubmitAsync(ModelSpec spec, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Submits several models over one data set (see <see cref="BatchBuilder"/>).</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="idempotencyKey">As for <see cref="SubmitAsync"/>; the batch's own key is used when null, a new one when it has none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SpecRejectedException">The server refused the batch; the exception names the field.</exception>
    Task<BatchHandle> SubmitBatchAsync(SubmitBatchRequest batch, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>The events of a job after <paramref name="afterSequence"/>, until its final event; resumed across broken connections.</summary>
    IAsyncEnumerable<JobEvent> WatchJobAsync(string jobId, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>The events of a batch's jobs after <paramref name="afterSequence"/>, until the batch's completion; resumed across broken connections.</summary>
    IAsyncEnumerable<JobEvent> WatchBatchAsync(string batchId, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>The job, with its result or failure once it has ended.</summary>
    Task<Job> GetJobAsync(string jobId, bool includeSpec = false, CancellationToken cancellationToken = default);

    /// <summary>The batch, with the comparison table once every job has ended.</summary>
    Task<Batch> GetBatchAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's jobs, oldest first, fetched page by page.</summary>
    IAsyncEnumerable<Job> ListJobsAsync(JobState state = JobState.Unspecified, string? batchId = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Cancels a job (a no-op for a job that has ended).</summary>
    Task<CancelOutcome> CancelJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Cancels every open job of a batch.</summary>
    Task<CancelOutcome> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the job has ended and returns its typed result.</summary>
    /// <exception cref="JobFailedException">The job failed.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    Task<AnalysisResult> GetResultAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until every job of the batch has ended and returns the batch with its comparison table.</summary>
    Task<Batch> GetBatchResultAsync(string batchId, CancellationToken cancellationToken = default);
}
