using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk;

/// <summary>A submitted batch (one model comparison): watch it, await its comparison, or cancel it.</summary>
public sealed class BatchHandle
{
    private readonly MetaAnalysisClient client;

    internal BatchHandle(MetaAnalysisClient client, string batchId, IReadOnlyList<string> jobIds, bool existing)
    {
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
    public async Task<Batch> GetResultAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in WatchAsync(0, cancellationToken).ConfigureAwait(false))
        {
            if (item.KindCase == JobEvent.KindOneofCase.BatchCompleted)
            {
                break;
            }
        }

        return await client.GetBatchAsync(BatchId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels every open job of the batch; returns how many were open.</summary>
    public Task<int> CancelAsync(CancellationToken cancellationToken = default) => client.CancelBatchAsync(BatchId, cancellationToken);
}
