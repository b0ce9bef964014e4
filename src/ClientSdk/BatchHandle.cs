using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>A submitted batch (one model comparison): watch it, await its comparison, or cancel it.</summary>
public sealed class BatchHandle
{
    private readonly IMetaAnalysisClient client;

    /// <summary>A handle on the batch <paramref name="batchId"/> through <paramref name="client"/>.</summary>
    /// <param name="client">The client the handle's calls go through.</param>
    /// <param name="batchId">The batch.</param>
    /// <param name="jobIds">Its jobs, in the order of the batch's models.</param>
    /// <param name="existing">True when the submission's idempotency key had already created this batch.</param>
    public BatchHandle(IMetaAnalysisClient client, string batchId, IReadOnlyList<string> jobIds, bool existing)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentNullException.ThrowIfNull(jobIds);
        this.client = client;
        BatchId = batchId;
        JobIds = jobIds;
        Existing = existing;
    }

    /// <summary>The batch's id.</summary>
    public string BatchId { get; }

    /// <summary>The jobs, in the order of the batch's models.</summary>
    public IReadOnlyList<string> JobIds { get; }

    /// <summary>True when the submission's idempotency key had already created this batch.</summary>
    public bool Existing { get; }

    /// <summary>The events of every job of the batch and the batch's completion, resumed across broken connections.</summary>
    public IAsyncEnumerable<JobEvent> WatchAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        client.WatchBatchAsync(BatchId, afterSequence, cancellationToken);

    /// <summary>Waits until every job has ended and returns the batch with its comparison table.</summary>
    public Task<Batch> GetResultAsync(CancellationToken cancellationToken = default) =>
        client.GetBatchResultAsync(BatchId, cancellationToken);

    /// <summary>Cancels every open job of the batch.</summary>
    public Task<CancelOutcome> CancelAsync(CancellationToken cancellationToken = default) =>
        client.CancelBatchAsync(BatchId, cancellationToken);
}
