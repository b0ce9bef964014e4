using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using Npgsql;

namespace MetaAnalysis.Server.Storage.Postgres;

/// <summary>
/// One write of the PostgreSQL store: a transaction on a pooled connection, with the events it appended
/// and the change it made to the number of queued jobs, announced only after it commits.
/// </summary>
/// <remarks>
/// Event order: sequence numbers come from an identity column, so two transactions may commit out of
/// their numbers' order. A stream must never show a later number before an earlier one (a watcher resumes
/// after the last number it saw), so every event is appended while the transaction holds the row lock of
/// its job and of its batch: transactions that append to the same stream take their numbers one after the
/// other and commit in that order. Locks are always taken job first, then batch, so they cannot deadlock.
/// </remarks>
internal sealed class PostgresTransaction : IJobTransaction
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly int committedQueued;
    private readonly List<JobEvent> events = [];
    private readonly HashSet<string> lockedBatches = new(StringComparer.Ordinal);

    /// <param name="connection">The pooled connection.</param>
    /// <param name="transaction">The transaction open on it.</param>
    /// <param name="committedQueued">The queued count as of the last commit this replica knows of.</param>
    public PostgresTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, int committedQueued)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.committedQueued = committedQueued;
    }

    /// <summary>Change of the number of queued jobs made by this write.</summary>
    public int QueuedDelta { get; private set; }

    /// <inheritdoc />
    public int QueuedCount => committedQueued + QueuedDelta;

    /// <summary>The events this write appended, with their sequence numbers, in order.</summary>
    public IReadOnlyList<JobEvent> Events => events;

    /// <summary>A command for <paramref name="sql"/> with <paramref name="parameters"/> bound, in this transaction.</summary>
    public NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
#pragma warning disable CA2100 // The statements are constants of the store; values are bound as parameters.
        var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs a statement; returns the rows changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a statement that returns one value (null when it returns no row or NULL).</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <inheritdoc />
    /// <remarks>Only the total is kept (announced to the replicas); a tenant's jobs are counted when it submits.</remarks>
    public void CountQueued(string tenant, int change) => QueuedDelta += change;

    /// <inheritdoc />
    public ValueTask<KeyedSubmission?> FindJobByKeyAsync(string tenant, string idempotencyKey) => FindByKeyAsync(
        "SELECT job_id, spec_hash FROM jobs WHERE tenant = @tenant AND idempotency_key = @key AND batch_id IS NULL",
        tenant,
        idempotencyKey);

    /// <inheritdoc />
    public ValueTask<KeyedSubmission?> FindBatchByKeyAsync(string tenant, string idempotencyKey) => FindByKeyAsync(
        "SELECT batch_id, request_hash FROM batches WHERE tenant = @tenant AND idempotency_key = @key",
        tenant,
        idempotencyKey);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ReadBatchJobIdsAsync(string batchId)
    {
        await using var command = Command("SELECT job_id FROM jobs WHERE batch_id = @batch ORDER BY row_id", ("batch", batchId));
        return await ReadAllAsync(command, static reader => reader.GetString(0)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The key's unique index decides between replicas submitting the same key at once.</remarks>
    public async ValueTask<bool> InsertJobAsync(NewJobRow job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var inserted = await ScalarAsync(
            $"""
            INSERT INTO jobs ({TransactionRows.NewJobColumns}) VALUES ({TransactionRows.NewJobValues})
            ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL AND batch_id IS NULL DO NOTHING
            RETURNING job_id
            """,
            TransactionRows.NewJobParameters(job)).ConfigureAwait(false);
        return inserted is not null;
    }

    /// <inheritdoc />
    /// <remarks>The insert takes the batch's row lock, which every later append to its stream needs.</remarks>
    public async ValueTask<bool> InsertBatchAsync(string batchId, NewBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var inserted = await ScalarAsync(
            """
            INSERT INTO batches (batch_id, tenant, idempotency_key, request_hash, open_jobs, title)
            VALUES (@batch, @tenant, @key, @hash, @open, @title)
            ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING batch_id
            """,
            ("batch", batchId),
            ("tenant", batch.Tenant),
            ("key", batch.IdempotencyKey),
            ("hash", batch.RequestHash),
            ("open", batch.Jobs.Count),
            ("title", batch.Title)).ConfigureAwait(false);
        if (inserted is null)
        {
            return false;
        }

        BatchLocked(batchId);
        if (batch.SharedData is not null)
        {
            await ExecuteAsync("INSERT INTO batch_data (batch_id, data) VALUES (@batch, @data)", ("batch", batchId), ("data", batch.SharedData)).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Counted through <c>jobs_tenant_queue</c>, at most one past <paramref name="upTo"/>: replicas write at once,
    /// so a counter row per tenant would make every claim of that tenant's jobs wait for the one before.
    /// </remarks>
    public async ValueTask<int> CountQueuedJobsOfTenantAsync(string tenant, int upTo) => Convert.ToInt32(
        await ScalarAsync("SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE state = 1 AND tenant = @tenant LIMIT @limit) AS queued", ("tenant", tenant), ("limit", (long)upTo + 1)).ConfigureAwait(false),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    /// <remarks>
    /// SKIP LOCKED: replicas claiming at once never wait on each other's claims (see <see cref="PostgresJobStore"/>).
    /// Replicas claiming at the same moment may choose the same tenant; when every queued job of that tenant is
    /// being claimed by the others, this claim takes the oldest queued job of any tenant instead of none.
    /// </remarks>
    public async ValueTask<ClaimedJob?> ClaimNextQueuedAsync(string workerId, TimeSpan lease) =>
        await ClaimAsync($"state = 1 AND tenant = ({TransactionRows.NextTenant})", workerId, lease).ConfigureAwait(false)
        ?? await ClaimAsync("state = 1", workerId, lease).ConfigureAwait(false);

    private async ValueTask<ClaimedJob?> ClaimAsync(string queued, string workerId, TimeSpan lease)
    {
        await using var command = Command(
            $"""
            UPDATE jobs SET state = 2, attempt = attempt + 1, lease_owner = @worker, lease_expires = now() + @lease, updated = now(), lease_seq = nextval('jobs_lease_seq')
            WHERE row_id = (SELECT row_id FROM jobs WHERE {queued} ORDER BY row_id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {TransactionRows.ClaimedJobColumns}
            """,
            ("worker", workerId),
            ("lease", lease));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? TransactionRows.ReadClaimedJob(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<LockedJob?> LockJobAsync(string jobId)
    {
        // now() is the transaction's time on the database's clock, read with the row at no extra round trip.
        await using var command = Command($"SELECT {TransactionRows.LockedJobColumns}, now() FROM jobs WHERE job_id = @job FOR UPDATE", ("job", jobId));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? TransactionRows.ReadLockedJob(reader, ReadTime, ReadTime(reader, 5)) : null;
    }

    /// <summary>Locks the job if it is still running with an expired lease and no other transaction holds it; null otherwise.</summary>
    public async ValueTask<ExpiredLease?> LockIfLeaseExpiredAsync(string jobId)
    {
        await using var command = Command(
            $"SELECT {TransactionRows.ExpiredLeaseColumns} FROM jobs WHERE job_id = @job AND state = 2 AND lease_expires < now() FOR UPDATE SKIP LOCKED",
            ("job", jobId));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? TransactionRows.ReadExpiredLease(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> BatchExistsAsync(string tenant, string batchId) =>
        await ScalarAsync("SELECT 1 FROM batches WHERE batch_id = @batch AND tenant = @tenant", ("batch", batchId), ("tenant", tenant)).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    /// <remarks>The jobs' locks are taken in row order, before the batch's (taken with the first event): the order every write uses.</remarks>
    public async ValueTask<IReadOnlyList<OpenJob>> LockOpenJobsOfBatchAsync(string batchId)
    {
        await using var command = Command($"SELECT {TransactionRows.OpenJobColumns} FROM jobs WHERE batch_id = @batch AND state IN (1, 2) ORDER BY row_id FOR UPDATE", ("batch", batchId));
        return await ReadAllAsync(command, TransactionRows.ReadOpenJob).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RenewLeaseAsync(string jobId, TimeSpan lease) =>
        await ExecuteAsync("UPDATE jobs SET lease_expires = now() + @lease WHERE job_id = @job", ("lease", lease), ("job", jobId)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<int> ExpireLeasesAsync(string ownerPrefix, string exceptOwner) =>
        await ExecuteAsync(
            "UPDATE jobs SET lease_expires = now() - interval '1 millisecond' WHERE state = 2 AND starts_with(lease_owner, @prefix) AND lease_owner <> @except",
            ("prefix", ownerPrefix),
            ("except", exceptOwner)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask SetStateAsync(string jobId, JobState state, byte[]? result, byte[]? failure)
    {
        await using var command = Command(
            "UPDATE jobs SET state = @state, result = @result, failure = @failure, lease_owner = NULL, lease_expires = NULL, updated = now() WHERE job_id = @job",
            ("state", (int)state),
            ("job", jobId));
        command.Parameters.Add(new NpgsqlParameter("result", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)result ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("failure", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)failure ?? DBNull.Value });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The update takes the batch's row lock.</remarks>
    public async ValueTask<int> CountEndedJobAsync(string batchId)
    {
        var open = await ScalarAsync("UPDATE batches SET open_jobs = open_jobs - 1 WHERE batch_id = @batch RETURNING open_jobs", ("batch", batchId)).ConfigureAwait(false);
        BatchLocked(batchId);
        return Convert.ToInt32(open, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<BatchJobOutcome>> ReadBatchOutcomesAsync(string batchId)
    {
        await using var command = Command($"SELECT {TransactionRows.BatchJobOutcomeColumns} FROM jobs WHERE batch_id = @batch ORDER BY row_id", ("batch", batchId));
        return await ReadAllAsync(command, TransactionRows.ReadBatchJobOutcome).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask SaveComparisonAsync(string batchId, byte[] comparison) =>
        await ExecuteAsync("UPDATE batches SET comparison = @comparison WHERE batch_id = @batch", ("comparison", comparison), ("batch", batchId)).ConfigureAwait(false);

    /// <summary>Takes the batch's row lock (once per transaction) before anything is appended to its stream.</summary>
    private async Task LockBatchAsync(string batchId)
    {
        if (lockedBatches.Add(batchId))
        {
            await ExecuteAsync("SELECT 1 FROM batches WHERE batch_id = @batch FOR UPDATE", ("batch", batchId)).ConfigureAwait(false);
        }
    }

    /// <summary>Records that the batch's row lock is held (an UPDATE of the row took it).</summary>
    private void BatchLocked(string batchId) => lockedBatches.Add(batchId);

    /// <inheritdoc />
    /// <remarks>
    /// The caller holds the job's row lock (or created the job in this transaction); the batch's lock is
    /// taken here. The time is the database's, kept in its own column.
    /// </remarks>
    public async ValueTask AppendEventAsync(JobEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.BatchId.Length > 0)
        {
            await LockBatchAsync(item.BatchId).ConfigureAwait(false);
        }

        await using var command = Command(
            "INSERT INTO events (job_id, batch_id, payload) VALUES (NULLIF(@job, ''), NULLIF(@batch, ''), @payload) RETURNING seq, created",
            ("job", item.JobId),
            ("batch", item.BatchId),
            ("payload", item.ToByteArray()));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        item.Sequence = reader.GetInt64(0);
        item.Time = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(1));
        events.Add(item);
    }

    private async ValueTask<KeyedSubmission?> FindByKeyAsync(string sql, string tenant, string idempotencyKey)
    {
        await using var command = Command(sql, ("tenant", tenant), ("key", idempotencyKey));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? TransactionRows.ReadKeyedSubmission(reader) : null;
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static DateTimeOffset ReadTime(System.Data.Common.DbDataReader reader, int column) => reader.GetFieldValue<DateTimeOffset>(column);
}
