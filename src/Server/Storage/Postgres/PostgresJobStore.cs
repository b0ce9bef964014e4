using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Analysis.Comparison;
using MetaAnalysis.Server.Jobs;
using Npgsql;

namespace MetaAnalysis.Server.Storage.Postgres;

/// <summary>
/// The job store in a PostgreSQL database, shared by any number of server replicas. Every write is one
/// short transaction on a pooled connection; PostgreSQL flushes the WAL of concurrent commits together, so
/// writes from all replicas share disk flushes without any grouping here.
/// </summary>
/// <remarks>
/// <para>
/// Claims: a lease takes the oldest queued job with <c>FOR UPDATE SKIP LOCKED</c> (replicas never wait on
/// each other's claims), sets its lease column and commits at once, so no row lock is held while the job
/// is fitted; the lease column, not a lock, says who holds the job. Leases are set and judged by the
/// database's clock (<c>now()</c>), the one clock all replicas share.
/// </para>
/// <para>
/// Resilience: a write or read that fails with a transient error before its commit (connection lost,
/// database restarting, serialization failure, deadlock) is retried a few times with a growing delay, since
/// nothing of it was applied. A failure during the commit itself is not retried — its outcome is unknown —
/// and surfaces as <see cref="StoreUnavailableException"/>, as does a database that stays unreachable; the
/// service answers UNAVAILABLE and clients retry (submissions carry idempotency keys).
/// </para>
/// </remarks>
public sealed class PostgresJobStore : IJobStore
{
    private const string JobColumns = StoredJobRows.Columns;
    private const int MaxTries = 5;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger logger;
    private readonly PostgresAnnouncements announcements;

    private PostgresJobStore(NpgsqlDataSource dataSource, IStoreListener listener, ILogger logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var version = RetryStartup(() =>
        {
            using var connection = dataSource.OpenConnection();
            return PostgresSchema.Migrate(connection);
        });
        announcements = RetryStartup(() => PostgresAnnouncements.Start(dataSource, listener, logger));
        Log.PostgresStoreOpened(logger, builder.Database ?? string.Empty, builder.Host ?? string.Empty, version, announcements.QueuedCount);
    }

    /// <inheritdoc />
    public int QueuedCount => announcements.QueuedCount;

    /// <summary>
    /// Connects to the database of <paramref name="connectionString"/>, migrates its schema and starts
    /// listening for the other replicas' commits; waits (retrying) while the database is not reachable yet.
    /// </summary>
    public static PostgresJobStore Open(string connectionString, IStoreListener listener, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "metaanalysis-server";

        // A broken connection is noticed within seconds, also while one waits for notifications.
        if (builder.ConnectionStringBuilder.KeepAlive == 0)
        {
            builder.ConnectionStringBuilder.KeepAlive = 10;
        }

        var dataSource = builder.Build();
        try
        {
            return new PostgresJobStore(dataSource, listener, logger);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<SubmitOutcome> SubmitAsync(NewJob job, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WriteAsync(async w =>
        {
            if (job.IdempotencyKey is not null && await FindJobAsync(w, job) is { } found)
            {
                return found;
            }

            RequireRoom(1, maxQueued);
            var jobId = NewId("job");
            var inserted = await w.ScalarAsync(
                """
                INSERT INTO jobs (job_id, tenant, batch_id, name, idempotency_key, spec_hash, spec, state)
                VALUES (@job, @tenant, NULL, '', @key, @hash, @spec, 1)
                ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL AND batch_id IS NULL DO NOTHING
                RETURNING job_id
                """,
                ("job", jobId),
                ("tenant", job.Tenant),
                ("key", job.IdempotencyKey),
                ("hash", job.SpecHash),
                ("spec", job.Spec));
            if (inserted is null)
            {
                // Another replica committed the same key in the meantime.
                return await FindJobAsync(w, job) ?? throw new InvalidOperationException("an idempotency key conflicted with a job that cannot be found");
            }

            await Queued(w, jobId, batchId: null);
            return new SubmitOutcome(jobId, Existing: false);
        });
    }

    /// <inheritdoc />
    public Task<BatchSubmitOutcome> SubmitBatchAsync(NewBatch batch, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return WriteAsync(async w =>
        {
            if (batch.IdempotencyKey is not null && await FindBatchAsync(w, batch) is { } found)
            {
                return found;
            }

            RequireRoom(batch.Jobs.Count, maxQueued);
            var batchId = NewId("batch");
            var inserted = await w.ScalarAsync(
                """
                INSERT INTO batches (batch_id, tenant, idempotency_key, request_hash, open_jobs)
                VALUES (@batch, @tenant, @key, @hash, @open)
                ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING batch_id
                """,
                ("batch", batchId),
                ("tenant", batch.Tenant),
                ("key", batch.IdempotencyKey),
                ("hash", batch.RequestHash),
                ("open", batch.Jobs.Count));
            if (inserted is null)
            {
                return await FindBatchAsync(w, batch) ?? throw new InvalidOperationException("an idempotency key conflicted with a batch that cannot be found");
            }

            w.BatchLocked(batchId);
            var ids = new List<string>(batch.Jobs.Count);
            foreach (var job in batch.Jobs)
            {
                var jobId = NewId("job");
                await w.ExecuteAsync(
                    "INSERT INTO jobs (job_id, tenant, batch_id, name, spec_hash, spec, state) VALUES (@job, @tenant, @batch, @name, @hash, @spec, 1)",
                    ("job", jobId),
                    ("tenant", batch.Tenant),
                    ("batch", batchId),
                    ("name", job.Name),
                    ("hash", SHA256.HashData(job.Spec)),
                    ("spec", job.Spec));
                await Queued(w, jobId, batchId);
                ids.Add(jobId);
            }

            return new BatchSubmitOutcome(batchId, ids, Existing: false);
        });
    }

    /// <inheritdoc />
    public Task<LeaseGrant?> TryLeaseAsync(string workerId, TimeSpan lease) => WriteAsync<LeaseGrant?>(async w =>
    {
        string jobId;
        int attempt;
        byte[] spec;
        string? batchId;
        await using (var command = w.Command(
            """
            UPDATE jobs SET state = 2, attempt = attempt + 1, lease_owner = @worker, lease_expires = now() + @lease, updated = now()
            WHERE row_id = (SELECT row_id FROM jobs WHERE state = 1 ORDER BY row_id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING job_id, attempt, spec, batch_id
            """,
            ("worker", workerId),
            ("lease", lease)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            jobId = reader.GetString(0);
            attempt = reader.GetInt32(1);
            spec = reader.GetFieldValue<byte[]>(2);
            batchId = reader.IsDBNull(3) ? null : reader.GetString(3);
        }

        await w.AppendEventAsync(jobId, batchId, new JobEvent { Started = new JobEvent.Types.Started { Attempt = attempt, Worker = workerId } });
        w.QueuedDelta--;
        return new LeaseGrant(jobId, attempt, spec);
    });

    /// <inheritdoc />
    public Task<ReportOutcome> HeartbeatAsync(string jobId, int attempt, TimeSpan lease, IReadOnlyList<JobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return WriteAsync(async w =>
        {
            var (outcome, batchId) = await CheckAttemptAsync(w, jobId, attempt);
            if (outcome != ReportOutcome.Accepted)
            {
                return outcome;
            }

            await w.ExecuteAsync("UPDATE jobs SET lease_expires = now() + @lease WHERE job_id = @job", ("lease", lease), ("job", jobId));
            foreach (var update in events)
            {
                // The caller's messages stay untouched: a retried write appends them again.
                await w.AppendEventAsync(jobId, batchId, update.Clone());
            }

            return ReportOutcome.Accepted;
        });
    }

    /// <inheritdoc />
    public Task<ReportOutcome> CompleteAsync(string jobId, int attempt, FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EndAttemptAsync(jobId, attempt, async (w, batchId) =>
        {
            await w.ExecuteAsync(
                "UPDATE jobs SET state = 3, result = @result, lease_owner = NULL, lease_expires = NULL, updated = now() WHERE job_id = @job",
                ("result", result.ToByteArray()),
                ("job", jobId));
            if (result.Diagnostics is not null)
            {
                await w.AppendEventAsync(jobId, batchId, new JobEvent { Diagnostics = result.Diagnostics });
            }

            await w.AppendEventAsync(jobId, batchId, new JobEvent { Result = result });
            await FinishBatchJobAsync(w, batchId);
        });
    }

    /// <inheritdoc />
    public Task<ReportOutcome> FailAsync(string jobId, int attempt, JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return EndAttemptAsync(jobId, attempt, (w, batchId) => EndFailedAsync(w, jobId, batchId, failure));
    }

    /// <inheritdoc />
    public Task<int> CancelJobAsync(string tenant, string jobId) => WriteAsync(async w =>
    {
        JobState state;
        string? batchId;
        await using (var command = w.Command("SELECT state, batch_id FROM jobs WHERE job_id = @job AND tenant = @tenant FOR UPDATE", ("job", jobId), ("tenant", tenant)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new JobNotFoundException("job", jobId);
            }

            state = (JobState)reader.GetInt32(0);
            batchId = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return await CancelAsync(w, jobId, batchId, state) ? 1 : 0;
    });

    /// <inheritdoc />
    public Task<int> CancelBatchAsync(string tenant, string batchId) => WriteAsync(async w =>
    {
        if (await w.ScalarAsync("SELECT 1 FROM batches WHERE batch_id = @batch AND tenant = @tenant", ("batch", batchId), ("tenant", tenant)) is null)
        {
            throw new JobNotFoundException("batch", batchId);
        }

        // The jobs' locks first, in row order, then the batch's (taken with the first event): the order every write uses.
        var open = new List<(string JobId, JobState State)>();
        await using (var command = w.Command("SELECT job_id, state FROM jobs WHERE batch_id = @batch AND state IN (1, 2) ORDER BY row_id FOR UPDATE", ("batch", batchId)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                open.Add((reader.GetString(0), (JobState)reader.GetInt32(1)));
            }
        }

        var cancelled = 0;
        foreach (var (jobId, state) in open)
        {
            cancelled += await CancelAsync(w, jobId, batchId, state) ? 1 : 0;
        }

        return cancelled;
    });

    /// <inheritdoc />
    /// <remarks>
    /// Each expired job is requeued in its own transaction, re-checked under its row lock (SKIP LOCKED: a job
    /// another replica is reaping or a worker is reporting on is left to them), so replicas reaping at the
    /// same time neither wait on nor double-count each other, and no transaction holds two batches' locks.
    /// </remarks>
    public async Task<int> ReapExpiredLeasesAsync(int maxAttempts)
    {
        var expired = await ReadAsync(async (connection, cancellationToken) =>
        {
            await using var command = new NpgsqlCommand("SELECT job_id FROM jobs WHERE state = 2 AND lease_expires < now() ORDER BY lease_expires LIMIT 1000", connection);
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, CancellationToken.None).ConfigureAwait(false);

        var reaped = 0;
        foreach (var jobId in expired)
        {
            reaped += await WriteAsync(w => ReapAsync(w, jobId, maxAttempts)).ConfigureAwait(false);
        }

        return reaped;
    }

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string tenant, string jobId, bool includeSpec, CancellationToken cancellationToken) => ReadAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand($"SELECT {JobColumns}{(includeSpec ? ", spec" : string.Empty)} FROM jobs WHERE job_id = @job AND tenant = @tenant", connection);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(token);
        return await reader.ReadAsync(token) ? ReadJob(reader, includeSpec) : null;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<StoredBatch?> GetBatchAsync(string tenant, string batchId, CancellationToken cancellationToken) => ReadAsync(async (connection, token) =>
    {
        // One snapshot for the batch and its jobs, so a finished batch never shows an open job.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, token);
        byte[]? comparison;
        await using (var command = new NpgsqlCommand("SELECT comparison FROM batches WHERE batch_id = @batch AND tenant = @tenant", connection, transaction))
        {
            command.Parameters.AddWithValue("batch", batchId);
            command.Parameters.AddWithValue("tenant", tenant);
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token))
            {
                return null;
            }

            comparison = reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
        }

        await using var jobs = new NpgsqlCommand($"SELECT {JobColumns} FROM jobs WHERE batch_id = @batch ORDER BY row_id", connection, transaction);
        jobs.Parameters.AddWithValue("batch", batchId);
        return new StoredBatch(batchId, comparison, await ReadJobsAsync(jobs, token));
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredJob>> ListJobsAsync(string tenant, JobState state, string? batchId, long afterRowId, int limit, CancellationToken cancellationToken) => ReadAsync(async (connection, token) =>
    {
        var filters = (state == JobState.Unspecified ? string.Empty : " AND state = @state") + (batchId is null ? string.Empty : " AND batch_id = @batch");
#pragma warning disable CA2100 // The filters are constants of this method; values are bound as parameters.
        await using var command = new NpgsqlCommand($"SELECT {JobColumns} FROM jobs WHERE tenant = @tenant AND row_id > @after{filters} ORDER BY row_id LIMIT @limit", connection);
#pragma warning restore CA2100
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("after", afterRowId);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("state", (int)state);
        command.Parameters.AddWithValue("batch", (object?)batchId ?? DBNull.Value);
        return await ReadJobsAsync(command, token);
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string stream, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var column = stream.StartsWith("j:", StringComparison.Ordinal) ? "job_id" : "batch_id";
        return ReadAsync<IReadOnlyList<JobEvent>>(async (connection, token) =>
        {
#pragma warning disable CA2100 // The column is one of two constants; values are bound as parameters.
            await using var command = new NpgsqlCommand($"SELECT seq, created, payload FROM events WHERE {column} = @id AND seq > @after ORDER BY seq LIMIT @limit", connection);
#pragma warning restore CA2100
            command.Parameters.AddWithValue("id", stream[2..]);
            command.Parameters.AddWithValue("after", afterSequence);
            command.Parameters.AddWithValue("limit", limit);
            var events = new List<JobEvent>();
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                var item = JobEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(2));
                item.Sequence = reader.GetInt64(0);
                item.Time = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(1));
                events.Add(item);
            }

            return events;
        }, cancellationToken);
    }

    /// <summary>Whether the database answers (for the readiness check).</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await announcements.DisposeAsync().ConfigureAwait(false);
        await dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction and announces what it did after the commit; retries transient failures before the commit.</summary>
    private async Task<T> WriteAsync<T>(Func<PostgresTransaction, Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            long? ticket = null;
            var committing = false;
            try
            {
                var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        var w = new PostgresTransaction(connection, transaction);
                        var result = await work(w).ConfigureAwait(false);
                        if (w.QueuedDelta != 0 || w.Events.Count > 0)
                        {
                            var (prepared, payloads) = announcements.Prepare(w.QueuedDelta, w.Events);
                            ticket = prepared;
                            foreach (var payload in payloads)
                            {
                                await w.ExecuteAsync("SELECT pg_notify(@channel, @payload)", ("channel", PostgresAnnouncements.ChannelName), ("payload", payload)).ConfigureAwait(false);
                            }
                        }

                        committing = true;
                        await transaction.CommitAsync().ConfigureAwait(false);
                        announcements.Committed(w.QueuedDelta);
                        return result;
                    }
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                if (ticket is { } abandoned)
                {
                    announcements.Abandoned(abandoned);
                }

                if (committing || !IsTransient(exception) || attempt == MaxTries)
                {
                    throw Unavailable(exception, committing);
                }

                await Task.Delay(RetryDelay(attempt)).ConfigureAwait(false);
            }
            catch
            {
                if (ticket is { } abandoned)
                {
                    announcements.Abandoned(abandoned);
                }

                throw;
            }
        }
    }

    /// <summary>Runs a read on a pooled connection; retries transient failures (reads change nothing).</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await read(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (!IsTransient(exception) || attempt == MaxTries)
                {
                    throw Unavailable(exception, committing: false);
                }

                await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Retries a start-up step while the database is not reachable yet (it may start after the server), for about a minute.</summary>
    private T RetryStartup<T>(Func<T> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return step();
            }
            catch (NpgsqlException exception) when (exception.IsTransient && attempt < 30)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(attempt, 3));
                Log.DatabaseRetry(logger, exception, attempt, delay);
                Thread.Sleep(delay);
            }
        }
    }

    private static bool IsTransient(Exception exception) => exception is TimeoutException or NpgsqlException { IsTransient: true };

    private static TimeSpan RetryDelay(int attempt) => FirstRetryDelay * (1 << (attempt - 1));

    private static Exception Unavailable(Exception exception, bool committing) => exception is PostgresException { IsTransient: false }
        ? exception
        : new StoreUnavailableException(
            committing ? "the connection to the database broke while committing; the outcome is unknown, retry" : "the job store's database is unavailable; retry",
            exception);

    private void RequireRoom(int jobs, int maxQueued)
    {
        var queued = QueuedCount;
        if (queued + jobs > maxQueued)
        {
            throw new QueueFullException(queued, maxQueued);
        }
    }

    private static async Task<SubmitOutcome?> FindJobAsync(PostgresTransaction w, NewJob job)
    {
        await using var command = w.Command(
            "SELECT job_id, spec_hash FROM jobs WHERE tenant = @tenant AND idempotency_key = @key AND batch_id IS NULL",
            ("tenant", job.Tenant),
            ("key", job.IdempotencyKey));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return SameHash(reader.GetFieldValue<byte[]>(1), job.SpecHash)
            ? new SubmitOutcome(reader.GetString(0), Existing: true)
            : throw new IdempotencyConflictException(job.IdempotencyKey!);
    }

    private static async Task<BatchSubmitOutcome?> FindBatchAsync(PostgresTransaction w, NewBatch batch)
    {
        string batchId;
        await using (var command = w.Command(
            "SELECT batch_id, request_hash FROM batches WHERE tenant = @tenant AND idempotency_key = @key",
            ("tenant", batch.Tenant),
            ("key", batch.IdempotencyKey)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            batchId = SameHash(reader.GetFieldValue<byte[]>(1), batch.RequestHash)
                ? reader.GetString(0)
                : throw new IdempotencyConflictException(batch.IdempotencyKey!);
        }

        var jobIds = new List<string>();
        await using (var jobs = w.Command("SELECT job_id FROM jobs WHERE batch_id = @batch ORDER BY row_id", ("batch", batchId)))
        {
            await using var reader = await jobs.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                jobIds.Add(reader.GetString(0));
            }
        }

        return new BatchSubmitOutcome(batchId, jobIds, Existing: true);
    }

    private static async Task Queued(PostgresTransaction w, string jobId, string? batchId)
    {
        await w.AppendEventAsync(jobId, batchId, new JobEvent { Queued = new JobEvent.Types.Queued() });
        w.QueuedDelta++;
    }

    private async Task<ReportOutcome> EndAttemptAsync(string jobId, int attempt, Func<PostgresTransaction, string?, Task> end) => await WriteAsync(async w =>
    {
        var (outcome, batchId) = await CheckAttemptAsync(w, jobId, attempt);
        if (outcome != ReportOutcome.Accepted)
        {
            return ReportOutcome.Stale;
        }

        await end(w, batchId);
        return ReportOutcome.Accepted;
    }).ConfigureAwait(false);

    /// <summary>Locks the job and says whether the report of <paramref name="attempt"/> may be applied: the attempt is current, running and within its lease.</summary>
    private static async Task<(ReportOutcome Outcome, string? BatchId)> CheckAttemptAsync(PostgresTransaction w, string jobId, int attempt)
    {
        await using var command = w.Command(
            "SELECT state, attempt, lease_expires IS NULL OR lease_expires < now(), batch_id FROM jobs WHERE job_id = @job FOR UPDATE",
            ("job", jobId));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || reader.GetInt32(1) != attempt)
        {
            return (ReportOutcome.Stale, null);
        }

        var state = (JobState)reader.GetInt32(0);
        var batchId = reader.IsDBNull(3) ? null : reader.GetString(3);
        if (state == JobState.Cancelled)
        {
            return (ReportOutcome.Cancelled, batchId);
        }

        // An expired lease is refused even before a reaper requeues the job: the worker that held it may
        // have been paused, and its report must not race the attempt that replaces it.
        return state != JobState.Running || reader.GetBoolean(2) ? (ReportOutcome.Stale, batchId) : (ReportOutcome.Accepted, batchId);
    }

    private static async Task<int> ReapAsync(PostgresTransaction w, string jobId, int maxAttempts)
    {
        int attempt;
        string? batchId;
        await using (var command = w.Command(
            "SELECT attempt, batch_id FROM jobs WHERE job_id = @job AND state = 2 AND lease_expires < now() FOR UPDATE SKIP LOCKED",
            ("job", jobId)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return 0;
            }

            attempt = reader.GetInt32(0);
            batchId = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        if (attempt >= maxAttempts)
        {
            // A job that every worker stops reporting on (a crash in the engine, memory exhaustion) must
            // not circulate forever: after a bounded number of attempts it ends as failed.
            await EndFailedAsync(w, jobId, batchId, new JobFailure
            {
                Kind = "worker_lost",
                Message = string.Create(CultureInfo.InvariantCulture, $"the job was handed to a worker {attempt} times and no worker finished it (each stopped reporting before its lease ran out)"),
            });
        }
        else
        {
            await w.ExecuteAsync("UPDATE jobs SET state = 1, lease_owner = NULL, lease_expires = NULL, updated = now() WHERE job_id = @job", ("job", jobId));
            await w.AppendEventAsync(jobId, batchId, new JobEvent { Requeued = new JobEvent.Types.Requeued { Attempt = attempt, Reason = "the worker stopped reporting before its lease ran out" } });
            w.QueuedDelta++;
        }

        return 1;
    }

    private static async Task<bool> CancelAsync(PostgresTransaction w, string jobId, string? batchId, JobState state)
    {
        if (state is not (JobState.Queued or JobState.Running))
        {
            return false;
        }

        await w.ExecuteAsync("UPDATE jobs SET state = 5, lease_owner = NULL, lease_expires = NULL, updated = now() WHERE job_id = @job", ("job", jobId));
        await w.AppendEventAsync(jobId, batchId, new JobEvent { Cancelled = new JobEvent.Types.Cancelled() });
        if (state == JobState.Queued)
        {
            w.QueuedDelta--;
        }

        await FinishBatchJobAsync(w, batchId);
        return true;
    }

    private static async Task EndFailedAsync(PostgresTransaction w, string jobId, string? batchId, JobFailure failure)
    {
        await w.ExecuteAsync(
            "UPDATE jobs SET state = 4, failure = @failure, lease_owner = NULL, lease_expires = NULL, updated = now() WHERE job_id = @job",
            ("failure", failure.ToByteArray()),
            ("job", jobId));
        await w.AppendEventAsync(jobId, batchId, new JobEvent { Failed = failure });
        await FinishBatchJobAsync(w, batchId);
    }

    /// <summary>Counts a batch's job as ended; when it was the last, makes the comparison table and appends the batch's final event.</summary>
    private static async Task FinishBatchJobAsync(PostgresTransaction w, string? batchId)
    {
        if (batchId is null)
        {
            return;
        }

        var open = Convert.ToInt64(await w.ScalarAsync("UPDATE batches SET open_jobs = open_jobs - 1 WHERE batch_id = @batch RETURNING open_jobs", ("batch", batchId)), CultureInfo.InvariantCulture);
        w.BatchLocked(batchId);
        if (open > 0)
        {
            return;
        }

        var rows = new List<ComparisonInput>();
        await using (var command = w.Command("SELECT job_id, name, state, result FROM jobs WHERE batch_id = @batch ORDER BY row_id", ("batch", batchId)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var result = (JobState)reader.GetInt32(2) == JobState.Succeeded && !reader.IsDBNull(3) ? FitResult.Parser.ParseFrom(reader.GetFieldValue<byte[]>(3)) : null;
                rows.Add(new ComparisonInput(reader.GetString(1), reader.GetString(0), result));
            }
        }

        var comparison = ComparisonTableBuilder.Build(rows);
        await w.ExecuteAsync("UPDATE batches SET comparison = @comparison WHERE batch_id = @batch", ("comparison", comparison.ToByteArray()), ("batch", batchId));
        await w.AppendEventAsync(jobId: null, batchId, new JobEvent { BatchCompleted = new JobEvent.Types.BatchCompleted { Comparison = comparison } });
    }

    private static async Task<IReadOnlyList<StoredJob>> ReadJobsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<StoredJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(ReadJob(reader, includeSpec: false));
        }

        return jobs;
    }

    private static StoredJob ReadJob(NpgsqlDataReader reader, bool includeSpec) => StoredJobRows.Read(reader, includeSpec, static (reader, column) => reader.GetFieldValue<DateTimeOffset>(column));

    private static bool SameHash(byte[] stored, byte[] given) => CryptographicOperations.FixedTimeEquals(stored, given);

    private static string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
