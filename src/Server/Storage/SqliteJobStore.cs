using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Comparison;
using MetaAnalysis.Server.Jobs;
using Microsoft.Data.Sqlite;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The job store in one SQLite file: WAL journal, synchronous=FULL, every write through one
/// <see cref="GroupCommitWriter"/>, reads on pooled connections that WAL lets run beside the writer.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string JobColumns = StoredJobRows.Columns;
    private readonly string readConnectionString;
    private readonly IStoreListener listener;
    private readonly GroupCommitWriter writer;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task checkpoints;
    private int queuedCount;

    private SqliteJobStore(string path, TimeProvider time, IStoreListener listener)
    {
        this.listener = listener;
        readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30 }.ToString();
        var writeConnection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString());
        writeConnection.Open();
        Pragma(writeConnection, "PRAGMA journal_mode=WAL");
        Pragma(writeConnection, "PRAGMA synchronous=FULL");
        Pragma(writeConnection, "PRAGMA foreign_keys=ON");

        // Checkpoints run beside the writer (see CheckpointLoopAsync), not inside a commit, where they
        // would stall every write of the group behind copying pages into the database file.
        Pragma(writeConnection, "PRAGMA wal_autocheckpoint=0");
        Pragma(writeConnection, SqliteSchema.Create);
        using (var count = writeConnection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM jobs WHERE state = 1";
            queuedCount = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        writer = new GroupCommitWriter(writeConnection, time, OnCommitted);
        checkpoints = Task.Run(() => CheckpointLoopAsync(path, time));
    }

    /// <inheritdoc />
    public int QueuedCount => Volatile.Read(ref queuedCount);

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public static SqliteJobStore Open(string path, TimeProvider time, IStoreListener listener)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return new SqliteJobStore(path, time, listener);
    }

    /// <inheritdoc />
    public Task<SubmitOutcome> SubmitAsync(NewJob job, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(job);
        return writer.WriteAsync(w =>
        {
            if (job.IdempotencyKey is not null)
            {
                using var reader = w.Command(
                    "SELECT job_id, spec_hash FROM jobs WHERE tenant = $tenant AND idempotency_key = $key AND batch_id IS NULL",
                    ("$tenant", job.Tenant),
                    ("$key", job.IdempotencyKey)).ExecuteReader();
                if (reader.Read())
                {
                    return SameHash((byte[])reader[1], job.SpecHash)
                        ? new SubmitOutcome(reader.GetString(0), Existing: true)
                        : throw new IdempotencyConflictException(job.IdempotencyKey);
                }
            }

            RequireRoom(w, 1, maxQueued);
            var jobId = NewId("job");
            InsertJob(w, jobId, job.Tenant, batchId: null, name: string.Empty, job.IdempotencyKey, job.SpecHash, job.Spec);
            return new SubmitOutcome(jobId, Existing: false);
        });
    }

    /// <inheritdoc />
    public Task<BatchSubmitOutcome> SubmitBatchAsync(NewBatch batch, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return writer.WriteAsync(w =>
        {
            if (batch.IdempotencyKey is not null)
            {
                string? existing = null;
                using (var reader = w.Command(
                    "SELECT batch_id, request_hash FROM batches WHERE tenant = $tenant AND idempotency_key = $key",
                    ("$tenant", batch.Tenant),
                    ("$key", batch.IdempotencyKey)).ExecuteReader())
                {
                    if (reader.Read())
                    {
                        existing = SameHash((byte[])reader[1], batch.RequestHash)
                            ? reader.GetString(0)
                            : throw new IdempotencyConflictException(batch.IdempotencyKey);
                    }
                }

                if (existing is not null)
                {
                    var jobIds = new List<string>();
                    using var jobs = w.Command("SELECT job_id FROM jobs WHERE batch_id = $batch ORDER BY row_id", ("$batch", existing)).ExecuteReader();
                    while (jobs.Read())
                    {
                        jobIds.Add(jobs.GetString(0));
                    }

                    return new BatchSubmitOutcome(existing, jobIds, Existing: true);
                }
            }

            RequireRoom(w, batch.Jobs.Count, maxQueued);
            var batchId = NewId("batch");
            w.Execute(
                "INSERT INTO batches (batch_id, tenant, idempotency_key, request_hash, open_jobs, created) VALUES ($batch, $tenant, $key, $hash, $open, $now)",
                ("$batch", batchId),
                ("$tenant", batch.Tenant),
                ("$key", batch.IdempotencyKey),
                ("$hash", batch.RequestHash),
                ("$open", batch.Jobs.Count),
                ("$now", w.Now));
            var ids = new List<string>(batch.Jobs.Count);
            foreach (var job in batch.Jobs)
            {
                var jobId = NewId("job");
                InsertJob(w, jobId, batch.Tenant, batchId, job.Name, idempotencyKey: null, SHA256.HashData(job.Spec), job.Spec);
                ids.Add(jobId);
            }

            return new BatchSubmitOutcome(batchId, ids, Existing: false);
        });
    }

    /// <inheritdoc />
    public Task<LeaseGrant?> TryLeaseAsync(string workerId, TimeSpan lease) => writer.WriteAsync(w =>
    {
        string jobId;
        int attempt;
        byte[] spec;
        string? batchId;
        using (var reader = w.Command(
            """
            UPDATE jobs SET state = 2, attempt = attempt + 1, lease_owner = $worker, lease_expires = $expires, updated = $now
            WHERE row_id = (SELECT row_id FROM jobs WHERE state = 1 ORDER BY row_id LIMIT 1)
            RETURNING job_id, attempt, spec, batch_id
            """,
            ("$worker", workerId),
            ("$expires", w.Now + (long)lease.TotalMilliseconds),
            ("$now", w.Now)).ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            jobId = reader.GetString(0);
            attempt = reader.GetInt32(1);
            spec = (byte[])reader[2];
            batchId = reader.IsDBNull(3) ? null : reader.GetString(3);
        }

        AppendEvent(w, jobId, batchId, new JobEvent { Started = new JobEvent.Types.Started { Attempt = attempt, Worker = workerId } });
        w.QueuedDelta--;
        return new LeaseGrant(jobId, attempt, spec);
    });

    /// <inheritdoc />
    public Task<ReportOutcome> HeartbeatAsync(string jobId, int attempt, TimeSpan lease, IReadOnlyList<JobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return writer.WriteAsync(w =>
        {
            var (outcome, batchId) = CheckAttempt(w, jobId, attempt);
            if (outcome != ReportOutcome.Accepted)
            {
                return outcome;
            }

            w.Execute("UPDATE jobs SET lease_expires = $expires WHERE job_id = $job", ("$expires", w.Now + (long)lease.TotalMilliseconds), ("$job", jobId));
            foreach (var update in events)
            {
                AppendEvent(w, jobId, batchId, update);
            }

            return ReportOutcome.Accepted;
        });
    }

    /// <inheritdoc />
    public Task<ReportOutcome> CompleteAsync(string jobId, int attempt, FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EndAttemptAsync(jobId, attempt, (w, batchId) =>
        {
            w.Execute(
                "UPDATE jobs SET state = 3, result = $result, lease_owner = NULL, lease_expires = NULL, updated = $now WHERE job_id = $job",
                ("$result", result.ToByteArray()),
                ("$now", w.Now),
                ("$job", jobId));
            if (result.Diagnostics is not null)
            {
                AppendEvent(w, jobId, batchId, new JobEvent { Diagnostics = result.Diagnostics });
            }

            AppendEvent(w, jobId, batchId, new JobEvent { Result = result });
            FinishBatchJob(w, batchId);
        });
    }

    /// <inheritdoc />
    public Task<ReportOutcome> FailAsync(string jobId, int attempt, JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return EndAttemptAsync(jobId, attempt, (w, batchId) => EndFailed(w, jobId, batchId, failure));
    }

    /// <inheritdoc />
    public Task<int> CancelJobAsync(string tenant, string jobId) => writer.WriteAsync(w =>
    {
        JobState state;
        string? batchId;
        using (var reader = w.Command("SELECT state, batch_id FROM jobs WHERE job_id = $job AND tenant = $tenant", ("$job", jobId), ("$tenant", tenant)).ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new JobNotFoundException("job", jobId);
            }

            state = (JobState)reader.GetInt32(0);
            batchId = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return Cancel(w, jobId, batchId, state) ? 1 : 0;
    });

    /// <inheritdoc />
    public Task<int> CancelBatchAsync(string tenant, string batchId) => writer.WriteAsync(w =>
    {
        if (w.Scalar("SELECT 1 FROM batches WHERE batch_id = $batch AND tenant = $tenant", ("$batch", batchId), ("$tenant", tenant)) is null)
        {
            throw new JobNotFoundException("batch", batchId);
        }

        var open = new List<(string JobId, JobState State)>();
        using (var reader = w.Command("SELECT job_id, state FROM jobs WHERE batch_id = $batch AND state IN (1, 2) ORDER BY row_id", ("$batch", batchId)).ExecuteReader())
        {
            while (reader.Read())
            {
                open.Add((reader.GetString(0), (JobState)reader.GetInt32(1)));
            }
        }

        return open.Count(job => Cancel(w, job.JobId, batchId, job.State));
    });

    /// <inheritdoc />
    public Task<int> ReapExpiredLeasesAsync(int maxAttempts) => writer.WriteAsync(w =>
    {
        var expired = new List<(string JobId, int Attempt, string? BatchId)>();
        using (var reader = w.Command("SELECT job_id, attempt, batch_id FROM jobs WHERE state = 2 AND lease_expires < $now", ("$now", w.Now)).ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        foreach (var (jobId, attempt, batchId) in expired)
        {
            if (attempt >= maxAttempts)
            {
                // A job that every worker stops reporting on (a crash in the engine, memory exhaustion) must
                // not circulate forever: after a bounded number of attempts it ends as failed.
                EndFailed(w, jobId, batchId, new JobFailure
                {
                    Kind = "worker_lost",
                    Message = $"the job was handed to a worker {attempt} times and no worker finished it (each stopped reporting before its lease ran out)",
                });
            }
            else
            {
                w.Execute("UPDATE jobs SET state = 1, lease_owner = NULL, lease_expires = NULL, updated = $now WHERE job_id = $job", ("$now", w.Now), ("$job", jobId));
                AppendEvent(w, jobId, batchId, new JobEvent { Requeued = new JobEvent.Types.Requeued { Attempt = attempt, Reason = "the worker stopped reporting before its lease ran out" } });
                w.QueuedDelta++;
            }
        }

        return expired.Count;
    });

    /// <inheritdoc />
    public async Task<StoredJob?> GetJobAsync(string tenant, string jobId, bool includeSpec, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {JobColumns}{(includeSpec ? ", spec" : string.Empty)} FROM jobs WHERE job_id = $job AND tenant = $tenant";
            command.Parameters.AddWithValue("$job", jobId);
            command.Parameters.AddWithValue("$tenant", tenant);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadJob(reader, includeSpec) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<StoredBatch?> GetBatchAsync(string tenant, string batchId, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            byte[]? comparison;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT comparison FROM batches WHERE batch_id = $batch AND tenant = $tenant";
                command.Parameters.AddWithValue("$batch", batchId);
                command.Parameters.AddWithValue("$tenant", tenant);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    comparison = reader.IsDBNull(0) ? null : (byte[])reader[0];
                }
            }

            using var jobsCommand = connection.CreateCommand();
            jobsCommand.CommandText = $"SELECT {JobColumns} FROM jobs WHERE batch_id = $batch ORDER BY row_id";
            jobsCommand.Parameters.AddWithValue("$batch", batchId);
            return new StoredBatch(batchId, comparison, await ReadJobsAsync(jobsCommand, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredJob>> ListJobsAsync(string tenant, JobState state, string? batchId, long afterRowId, int limit, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            var filters = (state == JobState.Unspecified ? string.Empty : " AND state = $state") + (batchId is null ? string.Empty : " AND batch_id = $batch");
            command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE tenant = $tenant AND row_id > $after{filters} ORDER BY row_id LIMIT $limit";
            command.Parameters.AddWithValue("$tenant", tenant);
            command.Parameters.AddWithValue("$after", afterRowId);
            command.Parameters.AddWithValue("$limit", limit);
            command.Parameters.AddWithValue("$state", (int)state);
            command.Parameters.AddWithValue("$batch", (object?)batchId ?? DBNull.Value);
            return await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string stream, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var column = stream.StartsWith("j:", StringComparison.Ordinal) ? "job_id" : "batch_id";
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT seq, payload FROM events WHERE {column} = $id AND seq > $after ORDER BY seq LIMIT $limit";
            command.Parameters.AddWithValue("$id", stream[2..]);
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            var events = new List<JobEvent>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var item = JobEvent.Parser.ParseFrom((byte[])reader[1]);
                    item.Sequence = reader.GetInt64(0);
                    events.Add(item);
                }
            }

            return events;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await checkpoints.ConfigureAwait(false);
        stopping.Dispose();
        await writer.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Copies committed pages from the WAL into the database file every 200 ms on its own connection.
    /// PASSIVE never waits for the writer or readers; the WAL restarts from its beginning once a checkpoint
    /// has caught up, so it stays bounded under steady load.
    /// </summary>
    private async Task CheckpointLoopAsync(string path, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            connection.Open();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), time);
            try
            {
                while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
                {
                    try
                    {
                        Pragma(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                    }
                    catch (SqliteException)
                    {
                        // Busy or locked: the next tick tries again.
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            try
            {
                Pragma(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException)
            {
                // Another connection still reads; the next start checkpoints.
            }
        }
    }

    private void OnCommitted(int queuedDelta, IReadOnlyList<JobEvent> events)
    {
        if (queuedDelta != 0)
        {
            Interlocked.Add(ref queuedCount, queuedDelta);
        }

        if (queuedDelta > 0)
        {
            listener.JobsQueued();
        }

        if (events.Count > 0)
        {
            listener.EventsAppended(events);
        }
    }

    private void RequireRoom(WriteTransaction w, int jobs, int maxQueued)
    {
        var queued = QueuedCount + w.GroupQueuedDelta;
        if (queued + jobs > maxQueued)
        {
            throw new QueueFullException(queued, maxQueued);
        }
    }

    private static void InsertJob(WriteTransaction w, string jobId, string tenant, string? batchId, string name, string? idempotencyKey, byte[] specHash, byte[] spec)
    {
        w.Execute(
            """
            INSERT INTO jobs (job_id, tenant, batch_id, name, idempotency_key, spec_hash, spec, state, created, updated)
            VALUES ($job, $tenant, $batch, $name, $key, $hash, $spec, 1, $now, $now)
            """,
            ("$job", jobId),
            ("$tenant", tenant),
            ("$batch", batchId),
            ("$name", name),
            ("$key", idempotencyKey),
            ("$hash", specHash),
            ("$spec", spec),
            ("$now", w.Now));
        AppendEvent(w, jobId, batchId, new JobEvent { Queued = new JobEvent.Types.Queued() });
        w.QueuedDelta++;
    }

    /// <summary>Ends the attempt with <paramref name="end"/> if it is current; a cancelled job's late report is stale too.</summary>
    private Task<ReportOutcome> EndAttemptAsync(string jobId, int attempt, Action<WriteTransaction, string?> end) => writer.WriteAsync(w =>
    {
        var (outcome, batchId) = CheckAttempt(w, jobId, attempt);
        if (outcome != ReportOutcome.Accepted)
        {
            return ReportOutcome.Stale;
        }

        end(w, batchId);
        return ReportOutcome.Accepted;
    });

    /// <summary>Whether the report of <paramref name="attempt"/> may be applied: the attempt is current, running and within its lease.</summary>
    private static (ReportOutcome Outcome, string? BatchId) CheckAttempt(WriteTransaction w, string jobId, int attempt)
    {
        using var reader = w.Command("SELECT state, attempt, lease_expires, batch_id FROM jobs WHERE job_id = $job", ("$job", jobId)).ExecuteReader();
        if (!reader.Read() || reader.GetInt32(1) != attempt)
        {
            return (ReportOutcome.Stale, null);
        }

        var state = (JobState)reader.GetInt32(0);
        var batchId = reader.IsDBNull(3) ? null : reader.GetString(3);
        if (state == JobState.Cancelled)
        {
            return (ReportOutcome.Cancelled, batchId);
        }

        // An expired lease is refused even before the reaper requeues the job: the worker that held it may
        // have been paused, and its report must not race the attempt that replaces it.
        var expired = reader.IsDBNull(2) || reader.GetInt64(2) < w.Now;
        return state != JobState.Running || expired ? (ReportOutcome.Stale, batchId) : (ReportOutcome.Accepted, batchId);
    }

    private static bool Cancel(WriteTransaction w, string jobId, string? batchId, JobState state)
    {
        if (state is not (JobState.Queued or JobState.Running))
        {
            return false;
        }

        w.Execute("UPDATE jobs SET state = 5, lease_owner = NULL, lease_expires = NULL, updated = $now WHERE job_id = $job", ("$now", w.Now), ("$job", jobId));
        AppendEvent(w, jobId, batchId, new JobEvent { Cancelled = new JobEvent.Types.Cancelled() });
        if (state == JobState.Queued)
        {
            w.QueuedDelta--;
        }

        FinishBatchJob(w, batchId);
        return true;
    }

    private static void EndFailed(WriteTransaction w, string jobId, string? batchId, JobFailure failure)
    {
        w.Execute(
            "UPDATE jobs SET state = 4, failure = $failure, lease_owner = NULL, lease_expires = NULL, updated = $now WHERE job_id = $job",
            ("$failure", failure.ToByteArray()),
            ("$now", w.Now),
            ("$job", jobId));
        AppendEvent(w, jobId, batchId, new JobEvent { Failed = failure });
        FinishBatchJob(w, batchId);
    }

    /// <summary>Counts a batch's job as ended; when it was the last, makes the comparison table and appends the batch's final event.</summary>
    private static void FinishBatchJob(WriteTransaction w, string? batchId)
    {
        if (batchId is null)
        {
            return;
        }

        var open = Convert.ToInt64(w.Scalar("UPDATE batches SET open_jobs = open_jobs - 1 WHERE batch_id = $batch RETURNING open_jobs", ("$batch", batchId)), System.Globalization.CultureInfo.InvariantCulture);
        if (open > 0)
        {
            return;
        }

        var rows = new List<ComparisonInput>();
        using (var reader = w.Command("SELECT job_id, name, state, result FROM jobs WHERE batch_id = $batch ORDER BY row_id", ("$batch", batchId)).ExecuteReader())
        {
            while (reader.Read())
            {
                var result = (JobState)reader.GetInt32(2) == JobState.Succeeded && !reader.IsDBNull(3) ? FitResult.Parser.ParseFrom((byte[])reader[3]) : null;
                rows.Add(new ComparisonInput(reader.GetString(1), reader.GetString(0), result));
            }
        }

        var comparison = ComparisonTableBuilder.Build(rows);
        w.Execute("UPDATE batches SET comparison = $comparison WHERE batch_id = $batch", ("$comparison", comparison.ToByteArray()), ("$batch", batchId));
        AppendEvent(w, jobId: null, batchId, new JobEvent { BatchCompleted = new JobEvent.Types.BatchCompleted { Comparison = comparison } });
    }

    private static void AppendEvent(WriteTransaction w, string? jobId, string? batchId, JobEvent item)
    {
        item.JobId = jobId ?? string.Empty;
        item.BatchId = batchId ?? string.Empty;
        item.Time = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(w.Now));
        var sequence = w.Scalar("INSERT INTO events (job_id, batch_id, payload) VALUES ($job, $batch, $payload) RETURNING seq", ("$job", jobId), ("$batch", batchId), ("$payload", item.ToByteArray()));
        item.Sequence = Convert.ToInt64(sequence, System.Globalization.CultureInfo.InvariantCulture);
        w.Appended(item);
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(readConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task<IReadOnlyList<StoredJob>> ReadJobsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<StoredJob>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(ReadJob(reader, includeSpec: false));
            }
        }

        return jobs;
    }

    private static StoredJob ReadJob(SqliteDataReader reader, bool includeSpec) => StoredJobRows.Read(reader, includeSpec, static (reader, column) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column)));

    private static bool SameHash(byte[] stored, byte[] given) => CryptographicOperations.FixedTimeEquals(stored, given);

    private static string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
