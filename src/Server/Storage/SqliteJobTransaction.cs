using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The SQL of the SQLite store's writes, run inside one <see cref="WriteTransaction"/> of the group commit.
/// Every member completes synchronously (SQLite blocks, on the writer's own thread); no row locks are
/// needed, since the writer runs one write at a time.
/// </summary>
internal sealed class SqliteJobTransaction : IJobTransaction
{
    private readonly WriteTransaction w;
    private readonly int committedQueued;
    private readonly Func<long> nextLeaseSequence;

    /// <param name="w">The write of the group commit.</param>
    /// <param name="committedQueued">The queued count of the store as of the last commit.</param>
    /// <param name="nextLeaseSequence">Numbers leases in the order the single writer makes them.</param>
    public SqliteJobTransaction(WriteTransaction w, int committedQueued, Func<long> nextLeaseSequence)
    {
        this.w = w;
        this.committedQueued = committedQueued;
        this.nextLeaseSequence = nextLeaseSequence;
    }

    /// <inheritdoc />
    public int QueuedCount => committedQueued + w.GroupQueuedDelta + w.QueuedDelta;

    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(w.Now);

    /// <inheritdoc />
    /// <remarks>Kept per tenant in <c>tenant_queues</c>, in the same transaction, so a tenant's count is one read.</remarks>
    public void CountQueued(string tenant, int change)
    {
        w.QueuedDelta += change;
        w.Execute(
            "INSERT INTO tenant_queues (tenant, queued) VALUES ($tenant, $change) ON CONFLICT (tenant) DO UPDATE SET queued = queued + excluded.queued",
            ("$tenant", tenant),
            ("$change", change));
    }

    /// <inheritdoc />
    public ValueTask<KeyedSubmission?> FindJobByKeyAsync(string tenant, string idempotencyKey) => ValueTask.FromResult(FindByKey(
        "SELECT job_id, spec_hash FROM jobs WHERE tenant = $tenant AND idempotency_key = $key AND batch_id IS NULL",
        tenant,
        idempotencyKey));

    /// <inheritdoc />
    public ValueTask<KeyedSubmission?> FindBatchByKeyAsync(string tenant, string idempotencyKey) => ValueTask.FromResult(FindByKey(
        "SELECT batch_id, request_hash FROM batches WHERE tenant = $tenant AND idempotency_key = $key",
        tenant,
        idempotencyKey));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ReadBatchJobIdsAsync(string batchId)
    {
        var command = w.Command("SELECT job_id FROM jobs WHERE batch_id = $batch ORDER BY row_id", ("$batch", batchId));
        return ValueTask.FromResult<IReadOnlyList<string>>(ReadAll(command, static reader => reader.GetString(0)));
    }

    /// <inheritdoc />
    /// <remarks>Always inserts: the single writer looked the key up in this same write.</remarks>
    public ValueTask<bool> InsertJobAsync(NewJobRow job)
    {
        ArgumentNullException.ThrowIfNull(job);
        w.Execute(
            $"INSERT INTO jobs ({TransactionRows.NewJobColumns}, created, updated) VALUES ({TransactionRows.NewJobValues}, $now, $now)",
            [.. TransactionRows.NewJobParameters(job), ("$now", w.Now)]);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    /// <remarks>Always inserts: the single writer looked the key up in this same write.</remarks>
    public ValueTask<bool> InsertBatchAsync(string batchId, NewBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        w.Execute(
            "INSERT INTO batches (batch_id, tenant, idempotency_key, request_hash, open_jobs, created, title) VALUES ($batch, $tenant, $key, $hash, $open, $now, $title)",
            ("$batch", batchId),
            ("$tenant", batch.Tenant),
            ("$key", batch.IdempotencyKey),
            ("$hash", batch.RequestHash),
            ("$open", batch.Jobs.Count),
            ("$now", w.Now),
            ("$title", batch.Title));
        if (batch.SharedData is not null)
        {
            w.Execute("INSERT INTO batch_data (batch_id, data) VALUES ($batch, $data)", ("$batch", batchId), ("$data", batch.SharedData));
        }

        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    /// <remarks>Exact, from <c>tenant_queues</c>: counting the jobs would cost the single writer time in proportion to the tenant's queue.</remarks>
    public ValueTask<int> CountQueuedJobsOfTenantAsync(string tenant, int upTo) => ValueTask.FromResult(Convert.ToInt32(
        w.Scalar("SELECT queued FROM tenant_queues WHERE tenant = $tenant", ("$tenant", tenant)) ?? 0,
        System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public ValueTask<ClaimedJob?> ClaimNextQueuedAsync(string workerId, TimeSpan lease)
    {
        using var reader = w.Command(
            $"""
            UPDATE jobs SET state = 2, attempt = attempt + 1, lease_owner = $worker, lease_expires = $expires, updated = $now, lease_seq = $seq
            WHERE row_id = (SELECT row_id FROM jobs WHERE state = 1 AND tenant = ({TransactionRows.NextTenant}) ORDER BY row_id LIMIT 1)
            RETURNING {TransactionRows.ClaimedJobColumns}
            """,
            ("$worker", workerId),
            ("$expires", Expiry(lease)),
            ("$now", w.Now),
            ("$seq", nextLeaseSequence())).ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? TransactionRows.ReadClaimedJob(reader) : null);
    }

    /// <inheritdoc />
    public ValueTask<LockedJob?> LockJobAsync(string jobId)
    {
        using var reader = w.Command($"SELECT {TransactionRows.LockedJobColumns} FROM jobs WHERE job_id = $job", ("$job", jobId)).ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? TransactionRows.ReadLockedJob(reader, SqliteSchema.ReadTime, Now) : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> BatchExistsAsync(string tenant, string batchId) =>
        ValueTask.FromResult(w.Scalar("SELECT 1 FROM batches WHERE batch_id = $batch AND tenant = $tenant", ("$batch", batchId), ("$tenant", tenant)) is not null);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OpenJob>> LockOpenJobsOfBatchAsync(string batchId)
    {
        var command = w.Command($"SELECT {TransactionRows.OpenJobColumns} FROM jobs WHERE batch_id = $batch AND state IN (1, 2) ORDER BY row_id", ("$batch", batchId));
        return ValueTask.FromResult<IReadOnlyList<OpenJob>>(ReadAll(command, TransactionRows.ReadOpenJob));
    }

    /// <inheritdoc />
    public ValueTask RenewLeaseAsync(string jobId, TimeSpan lease)
    {
        w.Execute("UPDATE jobs SET lease_expires = $expires WHERE job_id = $job", ("$expires", Expiry(lease)), ("$job", jobId));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> ExpireLeasesAsync(string ownerPrefix, string exceptOwner) => ValueTask.FromResult(w.Execute(
        "UPDATE jobs SET lease_expires = $now - 1 WHERE state = 2 AND substr(lease_owner, 1, length($prefix)) = $prefix AND lease_owner <> $except",
        ("$now", w.Now),
        ("$prefix", ownerPrefix),
        ("$except", exceptOwner)));

    /// <inheritdoc />
    public ValueTask SetStateAsync(string jobId, JobState state, byte[]? result, byte[]? failure)
    {
        w.Execute(
            "UPDATE jobs SET state = $state, result = $result, failure = $failure, lease_owner = NULL, lease_expires = NULL, updated = $now WHERE job_id = $job",
            ("$state", (int)state),
            ("$result", result),
            ("$failure", failure),
            ("$now", w.Now),
            ("$job", jobId));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> CountEndedJobAsync(string batchId) => ValueTask.FromResult(Convert.ToInt32(
        w.Scalar("UPDATE batches SET open_jobs = open_jobs - 1 WHERE batch_id = $batch RETURNING open_jobs", ("$batch", batchId)),
        System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BatchJobOutcome>> ReadBatchOutcomesAsync(string batchId)
    {
        var command = w.Command($"SELECT {TransactionRows.BatchJobOutcomeColumns} FROM jobs WHERE batch_id = $batch ORDER BY row_id", ("$batch", batchId));
        return ValueTask.FromResult<IReadOnlyList<BatchJobOutcome>>(ReadAll(command, TransactionRows.ReadBatchJobOutcome));
    }

    /// <inheritdoc />
    public ValueTask SaveComparisonAsync(string batchId, byte[] comparison)
    {
        w.Execute("UPDATE batches SET comparison = $comparison WHERE batch_id = $batch", ("$comparison", comparison), ("$batch", batchId));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The time is the commit's clock and is part of the stored payload.</remarks>
    public ValueTask AppendEventAsync(JobEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Time = Timestamp.FromDateTimeOffset(Now);
        var sequence = w.Scalar(
            "INSERT INTO events (job_id, batch_id, payload) VALUES (NULLIF($job, ''), NULLIF($batch, ''), $payload) RETURNING seq",
            ("$job", item.JobId),
            ("$batch", item.BatchId),
            ("$payload", item.ToByteArray()));
        item.Sequence = Convert.ToInt64(sequence, System.Globalization.CultureInfo.InvariantCulture);
        w.Appended(item);
        return ValueTask.CompletedTask;
    }

    /// <summary>The running jobs whose lease ran out before the commit's clock.</summary>
    public IReadOnlyList<ExpiredLease> ReadExpiredLeases()
    {
        var command = w.Command($"SELECT {TransactionRows.ExpiredLeaseColumns} FROM jobs WHERE state = 2 AND lease_expires < $now", ("$now", w.Now));
        return ReadAll(command, TransactionRows.ReadExpiredLease);
    }

    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private long Expiry(TimeSpan lease) => w.Now + (long)lease.TotalMilliseconds;

    private KeyedSubmission? FindByKey(string sql, string tenant, string idempotencyKey)
    {
        using var reader = w.Command(sql, ("$tenant", tenant), ("$key", idempotencyKey)).ExecuteReader();
        return reader.Read() ? TransactionRows.ReadKeyedSubmission(reader) : null;
    }
}
