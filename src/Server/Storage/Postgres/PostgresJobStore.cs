using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using Npgsql;

namespace MetaAnalysis.Server.Storage.Postgres;

/// <summary>
/// The jobs in a PostgreSQL database, shared by any number of server replicas (the SQL of its writes in
/// <see cref="PostgresTransaction"/>). Every write is one
/// short transaction on a pooled connection; PostgreSQL flushes the WAL of concurrent commits together, so
/// writes from all replicas share disk flushes without any grouping here.
/// </summary>
/// <remarks>
/// <para>
/// Claims: a lease takes the oldest queued job of the tenant served least recently with <c>FOR UPDATE SKIP LOCKED</c> (replicas never wait on
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
public sealed class PostgresJobStore : IJobStorage
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
    public Task<T> WriteAsync<T>(Func<IJobTransaction, ValueTask<T>> work) => TransactAsync(work);

    /// <inheritdoc />
    /// <remarks>
    /// Each expired job is reaped in its own transaction, re-checked under its row lock (SKIP LOCKED: a job
    /// another replica is reaping or a worker is reporting on is left to them), so replicas reaping at the
    /// same time neither wait on nor double-count each other, and no transaction holds two batches' locks.
    /// </remarks>
    public async Task<int> ForEachExpiredLeaseAsync(Func<IJobTransaction, ExpiredLease, ValueTask> reap)
    {
        ArgumentNullException.ThrowIfNull(reap);
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
            reaped += await TransactAsync(async transaction =>
            {
                if (await transaction.LockIfLeaseExpiredAsync(jobId).ConfigureAwait(false) is not { } lease)
                {
                    return 0;
                }

                await reap(transaction, lease).ConfigureAwait(false);
                return 1;
            }).ConfigureAwait(false);
        }

        return reaped;
    }

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string tenant, string jobId, bool includeSpec, CancellationToken cancellationToken) => ReadAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand($"SELECT {JobColumns}{(includeSpec ? ", " + StoredJobRows.SpecColumns : string.Empty)} FROM jobs WHERE job_id = @job AND tenant = @tenant", connection);
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
        string title;
        await using (var command = new NpgsqlCommand("SELECT comparison, title FROM batches WHERE batch_id = @batch AND tenant = @tenant", connection, transaction))
        {
            command.Parameters.AddWithValue("batch", batchId);
            command.Parameters.AddWithValue("tenant", tenant);
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token))
            {
                return null;
            }

            comparison = reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
            title = reader.GetString(1);
        }

        await using var jobs = new NpgsqlCommand($"SELECT {JobColumns} FROM jobs WHERE batch_id = @batch ORDER BY row_id", connection, transaction);
        jobs.Parameters.AddWithValue("batch", batchId);
        return new StoredBatch(batchId, comparison, await ReadJobsAsync(jobs, token), title);
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
    public Task<IReadOnlyList<WorkSummary>> ListRecentWorkAsync(string tenant, int limit, CancellationToken cancellationToken) => ReadAsync(async (connection, token) =>
    {
        var batchStates = new List<(string, string, DateTimeOffset, JobState, int)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT b.batch_id, b.title, b.created, j.state, COUNT(*)::integer
            FROM (SELECT row_id, batch_id, title, created FROM batches WHERE tenant = @tenant ORDER BY row_id DESC LIMIT @limit) b
            JOIN jobs j ON j.batch_id = b.batch_id
            GROUP BY b.row_id, b.batch_id, b.title, b.created, j.state
            """,
            connection))
        {
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                batchStates.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), (JobState)reader.GetInt32(3), reader.GetInt32(4)));
            }
        }

        var singleJobs = new List<(string, string, DateTimeOffset, JobState)>();
        await using (var command = new NpgsqlCommand("SELECT job_id, name, created, state FROM jobs WHERE tenant = @tenant AND batch_id IS NULL ORDER BY row_id DESC LIMIT @limit", connection))
        {
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                singleJobs.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), (JobState)reader.GetInt32(3)));
            }
        }

        return WorkSummary.Merge(batchStates, singleJobs, limit);
    }, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadBatchDataAsync(string batchId, CancellationToken cancellationToken) => ReadAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand("SELECT data FROM batch_data WHERE batch_id = @batch", connection);
        command.Parameters.AddWithValue("batch", batchId);
        return await command.ExecuteScalarAsync(token) as byte[];
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
    private async Task<T> TransactAsync<T>(Func<PostgresTransaction, ValueTask<T>> work)
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
                        var w = new PostgresTransaction(connection, transaction, QueuedCount);
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
}
