using System.Threading.Channels;
using MetaAnalysis.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// Serializes every write through one connection and commits them in groups: whatever writes are waiting
/// when a transaction starts go into it, each in its own savepoint, and all are acknowledged after one
/// durable commit. With synchronous=FULL each commit costs a disk flush; grouping shares that flush among
/// all concurrent writers, which is what lets a single SQLite file keep up with thousands of jobs a second.
/// </summary>
/// <remarks>
/// A write that throws is rolled back to its savepoint and gets the exception; the others still commit.
/// If the commit itself fails, every write of the group gets the failure and none is acknowledged.
/// </remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxGroup = 512;
    private readonly SqliteConnection connection;
    private readonly TimeProvider time;
    private readonly Action<int, IReadOnlyList<JobEvent>> committed;
    private readonly Channel<IPendingWrite> pending = Channel.CreateUnbounded<IPendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
    private readonly Thread loop;

    /// <param name="connection">The open writer connection.</param>
    /// <param name="time">The clock.</param>
    /// <param name="committed">Called after each commit with the change in queued jobs and the events appended, in commit order.</param>
    public GroupCommitWriter(SqliteConnection connection, TimeProvider time, Action<int, IReadOnlyList<JobEvent>> committed)
    {
        this.connection = connection;
        this.time = time;
        this.committed = committed;
        // A thread of its own: the writer blocks in SQLite and in the disk flush, which would otherwise hold
        // a pool thread and make the pool grow under load.
        loop = new Thread(Run) { IsBackground = true, Name = "SQLite group commit" };
        loop.Start();
    }

    private interface IPendingWrite
    {
        void Run(WriteTransaction transaction);

        void Succeed();

        void Fail(Exception exception);
    }

    /// <summary>Queues <paramref name="work"/> for the next group; completes after it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<WriteTransaction, T> work)
    {
        var write = new PendingWrite<T>(work);
        ObjectDisposedException.ThrowIf(!pending.Writer.TryWrite(write), this);

        return write.Task;
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await Task.Run(loop.Join).ConfigureAwait(false);
        foreach (var command in commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private void Run()
    {
        var group = new List<IPendingWrite>(MaxGroup);
        while (pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (group.Count < MaxGroup && pending.Reader.TryRead(out var write))
            {
                group.Add(write);
            }

            Commit(group);
            group.Clear();
        }
    }

    private void Commit(List<IPendingWrite> group)
    {
        var failures = new Exception?[group.Count];
        var queuedDelta = 0;
        var events = new List<JobEvent>();
        try
        {
            Run("BEGIN IMMEDIATE");
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < group.Count; i++)
            {
                var transaction = new WriteTransaction(connection, commands, now, queuedDelta);
                Run("SAVEPOINT w");
                try
                {
                    group[i].Run(transaction);
                    Run("RELEASE w");
                    queuedDelta += transaction.QueuedDelta;
                    events.AddRange(transaction.Events);
                }
#pragma warning disable CA1031 // The write's own failure goes back to its caller; the group goes on.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    Run("ROLLBACK TO w");
                    Run("RELEASE w");
                    failures[i] = exception;
                }
            }

            Run("COMMIT");
        }
#pragma warning disable CA1031 // A failed commit fails every write of the group; the writer keeps running.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            TryRollback();
            foreach (var write in group)
            {
                write.Fail(exception);
            }

            return;
        }

        committed(queuedDelta, events);
        for (var i = 0; i < group.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                group[i].Fail(failure);
            }
            else
            {
                group[i].Succeed();
            }
        }
    }

    private void Run(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant transaction-control statements.
            command.CommandText = sql;
#pragma warning restore CA2100
            commands[sql] = command;
        }

        command.ExecuteNonQuery();
    }

    private void TryRollback()
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "ROLLBACK";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // No transaction was open (BEGIN itself failed).
        }
    }

    private sealed class PendingWrite<T> : IPendingWrite
    {
        private readonly Func<WriteTransaction, T> work;
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public PendingWrite(Func<WriteTransaction, T> work) => this.work = work;

        public Task<T> Task => completion.Task;

        public void Run(WriteTransaction transaction) => result = work(transaction);

        public void Succeed() => completion.TrySetResult(result!);

        public void Fail(Exception exception) => completion.TrySetException(exception);
    }
}
