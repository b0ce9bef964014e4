using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Batches;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// The life of a job, written once for every store: which transitions are allowed, how worker reports are
/// fenced, what each transition appends to the event streams, and when a batch completes. The store
/// (<see cref="IJobStorage"/>) brings only transactions and the SQL inside them.
/// </summary>
/// <remarks>
/// <para>
/// States: queued → running (a lease, one attempt more) → succeeded, failed or cancelled. A running job whose
/// lease runs out goes back to queued (at least once: another worker runs it again) until it has had the
/// allowed number of attempts; then it fails as <c>worker_lost</c>. Queued and running jobs can be
/// cancelled; an ended job never changes again.
/// </para>
/// <para>
/// Events, in the order a transition appends them: Queued on submission; Started on a lease; the worker's own
/// events on a heartbeat; Diagnostics (when the result has them) then Result on completion; Failed; Cancelled;
/// Requeued; and after the event that ends a batch's last open job, the batch's BatchCompleted.
/// </para>
/// </remarks>
public sealed class JobStateMachine : IJobStore
{
    private const string LeaseRanOutReason = "the worker stopped reporting before its lease ran out";

    /// <summary>Runs the rules over <paramref name="storage"/>, which it then owns.</summary>
    public JobStateMachine(IJobStorage storage) => Storage = storage ?? throw new ArgumentNullException(nameof(storage));

    /// <summary>The store the jobs live in.</summary>
    public IJobStorage Storage { get; }

    /// <inheritdoc />
    public int QueuedCount => Storage.QueuedCount;

    /// <inheritdoc />
    public Task<SubmitOutcome> SubmitAsync(NewJob job, QueueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Storage.WriteAsync(async transaction =>
        {
            if (job.IdempotencyKey is { } key && await FindJobAsync(transaction, job, key).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            await RequireRoomAsync(transaction, job.Tenant, 1, limits).ConfigureAwait(false);
            var jobId = NewId("job");
            if (!await transaction.InsertJobAsync(new NewJobRow(jobId, job.Tenant, BatchId: null, Name: string.Empty, job.IdempotencyKey, job.SpecHash, job.Spec)).ConfigureAwait(false))
            {
                // Another server committed the same key in the meantime.
                return await FindJobAsync(transaction, job, job.IdempotencyKey!).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("an idempotency key conflicted with a job that cannot be found");
            }

            await QueuedAsync(transaction, jobId, batchId: null).ConfigureAwait(false);
            transaction.CountQueued(job.Tenant, 1);
            return new SubmitOutcome(jobId, Existing: false);
        });
    }

    /// <inheritdoc />
    public Task<BatchSubmitOutcome> SubmitBatchAsync(NewBatch batch, QueueLimits limits)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Storage.WriteAsync(async transaction =>
        {
            if (batch.IdempotencyKey is { } key && await FindBatchAsync(transaction, batch, key).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            await RequireRoomAsync(transaction, batch.Tenant, batch.Jobs.Count, limits).ConfigureAwait(false);
            var batchId = NewId("batch");
            if (!await transaction.InsertBatchAsync(batchId, batch).ConfigureAwait(false))
            {
                return await FindBatchAsync(transaction, batch, batch.IdempotencyKey!).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("an idempotency key conflicted with a batch that cannot be found");
            }

            var ids = new List<string>(batch.Jobs.Count);
            foreach (var job in batch.Jobs)
            {
                // A batch's jobs carry no key of their own (the batch's covers them), so nothing can conflict.
                var jobId = NewId("job");
                await transaction.InsertJobAsync(new NewJobRow(jobId, batch.Tenant, batchId, job.Name, IdempotencyKey: null, SHA256.HashData(job.Spec), job.Spec)).ConfigureAwait(false);
                await QueuedAsync(transaction, jobId, batchId).ConfigureAwait(false);
                ids.Add(jobId);
            }

            transaction.CountQueued(batch.Tenant, ids.Count);

            return new BatchSubmitOutcome(batchId, ids, Existing: false);
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// A batch job's spec is stored without the data its batch shares; the grant carries them together, the
    /// data read after the claim's commit (they never change), so the store's writer never copies them.
    /// </remarks>
    public async Task<LeaseGrant?> TryLeaseAsync(string workerId, TimeSpan lease)
    {
        var claimed = await Storage.WriteAsync<ClaimedJob?>(async transaction =>
        {
            if (await transaction.ClaimNextQueuedAsync(workerId, lease).ConfigureAwait(false) is not { } claimed)
            {
                return null;
            }

            transaction.CountQueued(claimed.Tenant, -1);
            await AppendAsync(transaction, claimed.JobId, claimed.BatchId, new JobEvent { Started = new JobEvent.Types.Started { Attempt = claimed.Attempt, Worker = workerId } }).ConfigureAwait(false);
            return claimed;
        }).ConfigureAwait(false);
        if (claimed is null)
        {
            return null;
        }

        var shared = claimed.BatchId is null ? null : await Storage.ReadBatchDataAsync(claimed.BatchId, CancellationToken.None).ConfigureAwait(false);
        return new LeaseGrant(claimed.JobId, claimed.Attempt, BatchData.Attach(claimed.Spec, shared));
    }

    /// <inheritdoc />
    public Task<ReportOutcome> HeartbeatAsync(string jobId, int attempt, TimeSpan lease, IReadOnlyList<JobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Storage.WriteAsync(async transaction =>
        {
            var job = await transaction.LockJobAsync(jobId).ConfigureAwait(false);
            var outcome = JudgeReport(job, attempt);
            if (job is null || outcome != ReportOutcome.Accepted)
            {
                return outcome;
            }

            await transaction.RenewLeaseAsync(jobId, lease).ConfigureAwait(false);
            foreach (var update in events)
            {
                // The caller's messages stay untouched: a retried write appends them again.
                await AppendAsync(transaction, jobId, job.BatchId, update.Clone()).ConfigureAwait(false);
            }

            return ReportOutcome.Accepted;
        });
    }

    /// <inheritdoc />
    public Task<ReportOutcome> CompleteAsync(string jobId, int attempt, FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EndAttemptAsync(jobId, attempt, async (transaction, batchId) =>
        {
            await transaction.SetStateAsync(jobId, JobState.Succeeded, result.ToByteArray(), failure: null).ConfigureAwait(false);
            if (result.Diagnostics is not null)
            {
                await AppendAsync(transaction, jobId, batchId, new JobEvent { Diagnostics = result.Diagnostics }).ConfigureAwait(false);
            }

            await AppendAsync(transaction, jobId, batchId, new JobEvent { Result = result }).ConfigureAwait(false);
            await BatchCompletion.JobEndedAsync(transaction, batchId).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<ReportOutcome> FailAsync(string jobId, int attempt, JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return EndAttemptAsync(jobId, attempt, (transaction, batchId) => EndFailedAsync(transaction, jobId, batchId, failure));
    }

    /// <inheritdoc />
    public Task<int> CancelJobAsync(string tenant, string jobId) => Storage.WriteAsync(async transaction =>
    {
        // Another tenant's job is not found, exactly like a job that does not exist.
        if (await transaction.LockJobAsync(jobId).ConfigureAwait(false) is not { } job || job.Tenant != tenant)
        {
            throw new JobNotFoundException("job", jobId);
        }

        return await CancelAsync(transaction, tenant, jobId, job.BatchId, job.State).ConfigureAwait(false) ? 1 : 0;
    });

    /// <inheritdoc />
    public Task<int> CancelBatchAsync(string tenant, string batchId) => Storage.WriteAsync(async transaction =>
    {
        if (!await transaction.BatchExistsAsync(tenant, batchId).ConfigureAwait(false))
        {
            throw new JobNotFoundException("batch", batchId);
        }

        var cancelled = 0;
        foreach (var job in await transaction.LockOpenJobsOfBatchAsync(batchId).ConfigureAwait(false))
        {
            cancelled += await CancelAsync(transaction, tenant, job.JobId, batchId, job.State).ConfigureAwait(false) ? 1 : 0;
        }

        return cancelled;
    });

    /// <inheritdoc />
    public Task<int> ExpireLeasesAsync(string ownerPrefix, string exceptOwner) =>
        Storage.WriteAsync(transaction => transaction.ExpireLeasesAsync(ownerPrefix, exceptOwner));

    /// <inheritdoc />
    public Task<int> ReapExpiredLeasesAsync(int maxAttempts) => Storage.ForEachExpiredLeaseAsync((transaction, expired) => ReapAsync(transaction, expired, maxAttempts));

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string tenant, string jobId, bool includeSpec, CancellationToken cancellationToken) => Storage.GetJobAsync(tenant, jobId, includeSpec, cancellationToken);

    /// <inheritdoc />
    public Task<StoredBatch?> GetBatchAsync(string tenant, string batchId, CancellationToken cancellationToken) => Storage.GetBatchAsync(tenant, batchId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredJob>> ListJobsAsync(string tenant, JobState state, string? batchId, long afterRowId, int limit, CancellationToken cancellationToken) =>
        Storage.ListJobsAsync(tenant, state, batchId, afterRowId, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkSummary>> ListRecentWorkAsync(string tenant, int limit, CancellationToken cancellationToken) =>
        Storage.ListRecentWorkAsync(tenant, limit, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadBatchDataAsync(string batchId, CancellationToken cancellationToken) => Storage.ReadBatchDataAsync(batchId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string stream, long afterSequence, int limit, CancellationToken cancellationToken) =>
        Storage.ReadEventsAsync(stream, afterSequence, limit, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Storage.DisposeAsync();

    /// <summary>
    /// Fencing: whether a worker's report on <paramref name="attempt"/> may be applied to <paramref name="job"/>.
    /// Only the current attempt of a running job within its lease is <see cref="ReportOutcome.Accepted"/>; a
    /// cancelled job's current attempt hears <see cref="ReportOutcome.Cancelled"/>; anything else is stale.
    /// </summary>
    /// <remarks>
    /// An expired lease is refused even before the reaper requeues the job: the worker that held it may have
    /// been paused, and its report must not race the attempt that replaces it. The lease lasts up to and
    /// including its expiry instant.
    /// </remarks>
    internal static ReportOutcome JudgeReport(LockedJob? job, int attempt)
    {
        if (job is null || job.Attempt != attempt)
        {
            return ReportOutcome.Stale;
        }

        if (job.State == JobState.Cancelled)
        {
            return ReportOutcome.Cancelled;
        }

        var expired = job.LeaseExpires is not { } expires || expires < job.StoreTime;
        return job.State == JobState.Running && !expired ? ReportOutcome.Accepted : ReportOutcome.Stale;
    }

    /// <summary>
    /// Ends the attempt with <paramref name="end"/> if the report is accepted. A cancelled job's late result or
    /// failure is stale too: the worker has nothing more to stop.
    /// </summary>
    private Task<ReportOutcome> EndAttemptAsync(string jobId, int attempt, Func<IJobTransaction, string?, ValueTask> end) => Storage.WriteAsync(async transaction =>
    {
        var job = await transaction.LockJobAsync(jobId).ConfigureAwait(false);
        if (job is null || JudgeReport(job, attempt) != ReportOutcome.Accepted)
        {
            return ReportOutcome.Stale;
        }

        await end(transaction, job.BatchId).ConfigureAwait(false);
        return ReportOutcome.Accepted;
    });

    private static async ValueTask ReapAsync(IJobTransaction transaction, ExpiredLease expired, int maxAttempts)
    {
        if (expired.Attempt >= maxAttempts)
        {
            // A job that every worker stops reporting on (a crash in the engine, memory exhaustion) must
            // not circulate forever: after a bounded number of attempts it ends as failed.
            await EndFailedAsync(transaction, expired.JobId, expired.BatchId, new JobFailure
            {
                Kind = "worker_lost",
                Message = string.Create(CultureInfo.InvariantCulture, $"the job was handed to a worker {expired.Attempt} times and no worker finished it (each stopped reporting before its lease ran out)"),
            }).ConfigureAwait(false);
            return;
        }

        await transaction.SetStateAsync(expired.JobId, JobState.Queued, result: null, failure: null).ConfigureAwait(false);
        await AppendAsync(transaction, expired.JobId, expired.BatchId, new JobEvent { Requeued = new JobEvent.Types.Requeued { Attempt = expired.Attempt, Reason = LeaseRanOutReason } }).ConfigureAwait(false);
        transaction.CountQueued(expired.Tenant, 1);
    }

    /// <summary>Cancels the job if it is still open (queued or running); false when it had already ended.</summary>
    private static async ValueTask<bool> CancelAsync(IJobTransaction transaction, string tenant, string jobId, string? batchId, JobState state)
    {
        if (state is not (JobState.Queued or JobState.Running))
        {
            return false;
        }

        await transaction.SetStateAsync(jobId, JobState.Cancelled, result: null, failure: null).ConfigureAwait(false);
        await AppendAsync(transaction, jobId, batchId, new JobEvent { Cancelled = new JobEvent.Types.Cancelled() }).ConfigureAwait(false);
        if (state == JobState.Queued)
        {
            transaction.CountQueued(tenant, -1);
        }

        await BatchCompletion.JobEndedAsync(transaction, batchId).ConfigureAwait(false);
        return true;
    }

    private static async ValueTask EndFailedAsync(IJobTransaction transaction, string jobId, string? batchId, JobFailure failure)
    {
        await transaction.SetStateAsync(jobId, JobState.Failed, result: null, failure.ToByteArray()).ConfigureAwait(false);
        await AppendAsync(transaction, jobId, batchId, new JobEvent { Failed = failure }).ConfigureAwait(false);
        await BatchCompletion.JobEndedAsync(transaction, batchId).ConfigureAwait(false);
    }

    /// <summary>Appends a new job's Queued event; the caller counts the jobs it queued (once for a whole batch).</summary>
    private static ValueTask QueuedAsync(IJobTransaction transaction, string jobId, string? batchId) =>
        AppendAsync(transaction, jobId, batchId, new JobEvent { Queued = new JobEvent.Types.Queued() });

    private static ValueTask AppendAsync(IJobTransaction transaction, string jobId, string? batchId, JobEvent item)
    {
        item.JobId = jobId;
        item.BatchId = batchId ?? string.Empty;
        return transaction.AppendEventAsync(item);
    }

    /// <summary>
    /// A submission needs room in the whole queue and in its tenant's share of it: a tenant at its own limit is
    /// refused while the others go on submitting.
    /// </summary>
    private static async ValueTask RequireRoomAsync(IJobTransaction transaction, string tenant, int jobs, QueueLimits limits)
    {
        if (transaction.QueuedCount + jobs > limits.MaxQueued)
        {
            throw QueueFullException.Service(limits.MaxQueued);
        }

        var own = await transaction.CountQueuedJobsOfTenantAsync(tenant, limits.MaxQueuedPerTenant).ConfigureAwait(false);
        if (own + jobs > limits.MaxQueuedPerTenant)
        {
            throw QueueFullException.Tenant(own, jobs, limits.MaxQueuedPerTenant);
        }
    }

    private static async ValueTask<SubmitOutcome?> FindJobAsync(IJobTransaction transaction, NewJob job, string key) =>
        await transaction.FindJobByKeyAsync(job.Tenant, key).ConfigureAwait(false) is not { } found
            ? null
            : SameHash(found.Hash, job.SpecHash) ? new SubmitOutcome(found.Id, Existing: true) : throw new IdempotencyConflictException(key);

    private static async ValueTask<BatchSubmitOutcome?> FindBatchAsync(IJobTransaction transaction, NewBatch batch, string key)
    {
        if (await transaction.FindBatchByKeyAsync(batch.Tenant, key).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        if (!SameHash(found.Hash, batch.RequestHash))
        {
            throw new IdempotencyConflictException(key);
        }

        return new BatchSubmitOutcome(found.Id, await transaction.ReadBatchJobIdsAsync(found.Id).ConfigureAwait(false), Existing: true);
    }

    private static bool SameHash(byte[] stored, byte[] given) => CryptographicOperations.FixedTimeEquals(stored, given);

    private static string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
