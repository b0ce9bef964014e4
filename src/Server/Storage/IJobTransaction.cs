using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The rows of one write transaction, as <see cref="Jobs.JobStateMachine"/> reads and changes them. Each
/// member is one statement; none decides anything (which transition is allowed, what it appends, when a batch
/// completes): that is the state machine's.
/// </summary>
/// <remarks>
/// A job read through <see cref="LockJobAsync"/> or <see cref="LockOpenJobsOfBatchAsync"/> cannot be changed by
/// another write until this one commits (a row lock, or a store's single writer). Times are the store's clock,
/// the one all its servers share.
/// </remarks>
public interface IJobTransaction
{
    /// <summary>Queued jobs as this write sees them: the committed count and the changes of writes committing with it.</summary>
    int QueuedCount { get; }

    /// <summary>Records that this write changed the number of <paramref name="tenant"/>'s queued jobs by <paramref name="change"/>.</summary>
    void CountQueued(string tenant, int change);

    /// <summary>The tenant's single job submitted with <paramref name="idempotencyKey"/>, or null.</summary>
    ValueTask<KeyedSubmission?> FindJobByKeyAsync(string tenant, string idempotencyKey);

    /// <summary>The tenant's batch submitted with <paramref name="idempotencyKey"/>, or null.</summary>
    ValueTask<KeyedSubmission?> FindBatchByKeyAsync(string tenant, string idempotencyKey);

    /// <summary>The ids of the batch's jobs in model order.</summary>
    ValueTask<IReadOnlyList<string>> ReadBatchJobIdsAsync(string batchId);

    /// <summary>Inserts a queued job; false when its idempotency key was taken by a write committed meanwhile.</summary>
    ValueTask<bool> InsertJobAsync(NewJobRow job);

    /// <summary>Inserts a batch with every job open; false when its idempotency key was taken by a write committed meanwhile.</summary>
    ValueTask<bool> InsertBatchAsync(string batchId, NewBatch batch);

    /// <summary>
    /// The number of the tenant's queued jobs as this write sees them, or some number above
    /// <paramref name="upTo"/> when there are more (a store may stop counting there).
    /// </summary>
    ValueTask<int> CountQueuedJobsOfTenantAsync(string tenant, int upTo);

    /// <summary>
    /// Makes the next queued job running as its next attempt, leased to <paramref name="workerId"/>; null when
    /// none is queued. The next job is the oldest of the tenant served least recently (the stores share the
    /// choice as SQL, <c>TransactionRows.NextTenant</c>): tenants with queued jobs take turns, whatever each has queued.
    /// </summary>
    ValueTask<ClaimedJob?> ClaimNextQueuedAsync(string workerId, TimeSpan lease);

    /// <summary>Locks and reads the job, or null when there is none.</summary>
    ValueTask<LockedJob?> LockJobAsync(string jobId);

    /// <summary>Whether the tenant has the batch.</summary>
    ValueTask<bool> BatchExistsAsync(string tenant, string batchId);

    /// <summary>Locks and reads the batch's queued and running jobs, in model order.</summary>
    ValueTask<IReadOnlyList<OpenJob>> LockOpenJobsOfBatchAsync(string batchId);

    /// <summary>Moves the job's lease expiry to <paramref name="lease"/> from now.</summary>
    ValueTask RenewLeaseAsync(string jobId, TimeSpan lease);

    /// <summary>
    /// Makes the leases of running jobs whose owner starts with <paramref name="ownerPrefix"/>, other than
    /// <paramref name="exceptOwner"/>'s, expire now, so the reaper requeues them; returns how many.
    /// </summary>
    ValueTask<int> ExpireLeasesAsync(string ownerPrefix, string exceptOwner);

    /// <summary>Sets the job's state, result and failure, and releases its lease.</summary>
    ValueTask SetStateAsync(string jobId, JobState state, byte[]? result, byte[]? failure);

    /// <summary>Counts one of the batch's jobs as ended; returns how many are still open.</summary>
    ValueTask<int> CountEndedJobAsync(string batchId);

    /// <summary>The batch's jobs in model order, with their states and results.</summary>
    ValueTask<IReadOnlyList<BatchJobOutcome>> ReadBatchOutcomesAsync(string batchId);

    /// <summary>Stores the batch's comparison table, which marks it finished.</summary>
    ValueTask SaveComparisonAsync(string batchId, byte[] comparison);

    /// <summary>
    /// Appends <paramref name="item"/> to the streams its <see cref="JobEvent.JobId"/> and
    /// <see cref="JobEvent.BatchId"/> name (empty: none), and sets its sequence number and time.
    /// </summary>
    ValueTask AppendEventAsync(JobEvent item);
}
