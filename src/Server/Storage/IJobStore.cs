using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The durable queue: jobs, batches and their event streams. A task returned by a write completes only
/// after the write is committed durably, so whatever the server acknowledges survives a crash.
/// </summary>
/// <remarks>
/// Fencing: every worker report names the job and the attempt; it is applied only when that attempt is the
/// job's current one, the job is running and its lease has not expired. Anything else is
/// <see cref="ReportOutcome.Stale"/> (or <see cref="ReportOutcome.Cancelled"/>).
/// The rules are <see cref="Jobs.JobStateMachine"/>'s, over a store's <see cref="IJobStorage"/>.
/// </remarks>
public interface IJobStore : IJobReader, IAsyncDisposable
{
    /// <summary>Number of queued jobs (for the queue length limit).</summary>
    int QueuedCount { get; }

    /// <summary>Queues a job, or returns the job of an earlier submission with the same idempotency key and spec.</summary>
    /// <exception cref="Jobs.IdempotencyConflictException">The key was used with a different spec.</exception>
    /// <exception cref="Jobs.QueueFullException">The queue, or the tenant's share of it, is at its limit.</exception>
    Task<SubmitOutcome> SubmitAsync(NewJob job, QueueLimits limits);

    /// <summary>Queues a batch, or returns the batch of an earlier submission with the same idempotency key and request.</summary>
    /// <exception cref="Jobs.QueueFullException">The queue, or the tenant's share of it, has no room for all the batch's jobs.</exception>
    Task<BatchSubmitOutcome> SubmitBatchAsync(NewBatch batch, QueueLimits limits);

    /// <summary>
    /// Leases the next queued job to <paramref name="workerId"/> for <paramref name="lease"/>: the oldest job of
    /// the tenant served least recently, so that tenants take turns; null when none is queued.
    /// </summary>
    Task<LeaseGrant?> TryLeaseAsync(string workerId, TimeSpan lease);

    /// <summary>Renews the lease of the attempt and appends the worker's progress events.</summary>
    Task<ReportOutcome> HeartbeatAsync(string jobId, int attempt, TimeSpan lease, IReadOnlyList<JobEvent> events);

    /// <summary>Ends the attempt with its result.</summary>
    Task<ReportOutcome> CompleteAsync(string jobId, int attempt, FitResult result);

    /// <summary>Ends the attempt as failed.</summary>
    Task<ReportOutcome> FailAsync(string jobId, int attempt, JobFailure failure);

    /// <summary>Cancels the tenant's job if it is open; returns 1 if it was, 0 if it had already ended.</summary>
    /// <exception cref="Jobs.JobNotFoundException">No such job for this tenant.</exception>
    Task<int> CancelJobAsync(string tenant, string jobId);

    /// <summary>Cancels every open job of the tenant's batch; returns how many.</summary>
    /// <exception cref="Jobs.JobNotFoundException">No such batch for this tenant.</exception>
    Task<int> CancelBatchAsync(string tenant, string batchId);

    /// <summary>
    /// Ends now the leases of running jobs held by workers whose id starts with <paramref name="ownerPrefix"/>,
    /// except <paramref name="exceptOwner"/>: the in-process workers of an earlier run of this server, which
    /// died with it. Returns how many; the next reap requeues them.
    /// </summary>
    Task<int> ExpireLeasesAsync(string ownerPrefix, string exceptOwner);

    /// <summary>
    /// Requeues every running job whose lease has expired, or fails it when it has had
    /// <paramref name="maxAttempts"/> attempts; returns how many jobs it changed.
    /// </summary>
    Task<int> ReapExpiredLeasesAsync(int maxAttempts);
}
