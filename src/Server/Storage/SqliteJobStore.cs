using MetaAnalysis.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The jobs in one SQLite file: WAL journal, synchronous=FULL, every write through one
/// <see cref="GroupCommitWriter"/> (its SQL in <see cref="SqliteJobTransaction"/>), reads on pooled
/// connections that WAL lets run beside the writer.
/// </summary>
public sealed class SqliteJobStore : IJobStorage
{
    private const string JobColumns = StoredJobRows.Columns;
    private readonly string readConnectionString;
    private readonly IStoreListener listener;
    private readonly GroupCommitWriter writer;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task checkpoints;
    private int queuedCount;
    private long leaseSequence;

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
        SqliteSchema.AddMissingColumns(writeConnection);
        Pragma(writeConnection, SqliteSchema.RecountTenantQueues);
        using (var count = writeConnection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM jobs WHERE state = 1";
            queuedCount = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            count.CommandText = "SELECT COALESCE(MAX(lease_seq), 0) FROM jobs";
            leaseSequence = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
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
    public Task<T> WriteAsync<T>(Func<IJobTransaction, ValueTask<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return writer.WriteAsync(w => RunToEnd(work(new SqliteJobTransaction(w, QueuedCount, NextLeaseSequence))));
    }

    /// <inheritdoc />
    /// <remarks>All expired leases are reaped in one write, so they share one commit.</remarks>
    public Task<int> ForEachExpiredLeaseAsync(Func<IJobTransaction, ExpiredLease, ValueTask> reap)
    {
        ArgumentNullException.ThrowIfNull(reap);
        return writer.WriteAsync(w =>
        {
            var transaction = new SqliteJobTransaction(w, QueuedCount, NextLeaseSequence);
            var expired = transaction.ReadExpiredLeases();
            foreach (var lease in expired)
            {
                RunToEnd(reap(transaction, lease));
            }

            return expired.Count;
        });
    }

    /// <inheritdoc />
    public async Task<StoredJob?> GetJobAsync(string tenant, string jobId, bool includeSpec, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {JobColumns}{(includeSpec ? ", " + StoredJobRows.SpecColumns : string.Empty)} FROM jobs WHERE job_id = $job AND tenant = $tenant";
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
            string title;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT comparison, title FROM batches WHERE batch_id = $batch AND tenant = $tenant";
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
                    title = reader.GetString(1);
                }
            }

            using var jobsCommand = connection.CreateCommand();
            jobsCommand.CommandText = $"SELECT {JobColumns} FROM jobs WHERE batch_id = $batch ORDER BY row_id";
            jobsCommand.Parameters.AddWithValue("$batch", batchId);
            return new StoredBatch(batchId, comparison, await ReadJobsAsync(jobsCommand, cancellationToken).ConfigureAwait(false), title);
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
    public async Task<IReadOnlyList<WorkSummary>> ListRecentWorkAsync(string tenant, int limit, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batchStates = new List<(string, string, DateTimeOffset, JobState, int)>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT b.batch_id, b.title, b.created, j.state, COUNT(*)
                    FROM (SELECT row_id, batch_id, title, created FROM batches WHERE tenant = $tenant ORDER BY row_id DESC LIMIT $limit) b
                    JOIN jobs j ON j.batch_id = b.batch_id
                    GROUP BY b.row_id, j.state
                    """;
                command.Parameters.AddWithValue("$tenant", tenant);
                command.Parameters.AddWithValue("$limit", limit);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        batchStates.Add((reader.GetString(0), reader.GetString(1), SqliteSchema.ReadTime(reader, 2), (JobState)reader.GetInt32(3), reader.GetInt32(4)));
                    }
                }
            }

            var singleJobs = new List<(string, string, DateTimeOffset, JobState)>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT job_id, name, created, state FROM jobs WHERE tenant = $tenant AND batch_id IS NULL ORDER BY row_id DESC LIMIT $limit";
                command.Parameters.AddWithValue("$tenant", tenant);
                command.Parameters.AddWithValue("$limit", limit);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        singleJobs.Add((reader.GetString(0), reader.GetString(1), SqliteSchema.ReadTime(reader, 2), (JobState)reader.GetInt32(3)));
                    }
                }
            }

            return WorkSummary.Merge(batchStates, singleJobs, limit);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadBatchDataAsync(string batchId, CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM batch_data WHERE batch_id = $batch";
            command.Parameters.AddWithValue("$batch", batchId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
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

    /// <summary>The next lease's number; only the writer's thread takes them, a rolled-back lease leaves a gap.</summary>
    private long NextLeaseSequence() => Interlocked.Increment(ref leaseSequence);

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

    /// <summary>
    /// The result of work over a <see cref="SqliteJobTransaction"/>, on the writer's thread inside the write's
    /// savepoint. The transaction's members complete synchronously, so the work has already finished; were it
    /// ever to await something else, the writer waits for it rather than let it run outside the savepoint.
    /// </summary>
    private static T RunToEnd<T>(ValueTask<T> work) => work.IsCompletedSuccessfully ? work.Result : work.AsTask().GetAwaiter().GetResult();

    private static void RunToEnd(ValueTask work)
    {
        if (!work.IsCompletedSuccessfully)
        {
            work.AsTask().GetAwaiter().GetResult();
        }
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

    private static StoredJob ReadJob(SqliteDataReader reader, bool includeSpec) => StoredJobRows.Read(reader, includeSpec, SqliteSchema.ReadTime);

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
