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
internal sealed class PostgresTransaction
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly List<JobEvent> events = [];
    private readonly HashSet<string> lockedBatches = new(StringComparer.Ordinal);

    public PostgresTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    /// <summary>Change of the number of queued jobs made by this write.</summary>
    public int QueuedDelta { get; set; }

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

    /// <summary>Takes the batch's row lock (once per transaction) before anything is appended to its stream.</summary>
    public async Task LockBatchAsync(string batchId)
    {
        if (lockedBatches.Add(batchId))
        {
            await ExecuteAsync("SELECT 1 FROM batches WHERE batch_id = @batch FOR UPDATE", ("batch", batchId)).ConfigureAwait(false);
        }
    }

    /// <summary>Records that the batch's row lock is held (an UPDATE of the row took it).</summary>
    public void BatchLocked(string batchId) => lockedBatches.Add(batchId);

    /// <summary>
    /// Appends an event to the job's and the batch's streams. The caller holds the job's row lock (or created
    /// the job in this transaction); the batch's lock is taken here.
    /// </summary>
    public async Task AppendEventAsync(string? jobId, string? batchId, JobEvent item)
    {
        if (batchId is not null)
        {
            await LockBatchAsync(batchId).ConfigureAwait(false);
        }

        item.JobId = jobId ?? string.Empty;
        item.BatchId = batchId ?? string.Empty;
        await using var command = Command(
            "INSERT INTO events (job_id, batch_id, payload) VALUES (@job, @batch, @payload) RETURNING seq, created",
            ("job", jobId),
            ("batch", batchId),
            ("payload", item.ToByteArray()));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        item.Sequence = reader.GetInt64(0);
        item.Time = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(1));
        events.Add(item);
    }
}
