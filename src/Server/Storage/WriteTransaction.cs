using MetaAnalysis.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// One write of a group commit: runs on the writer's connection inside the shared transaction, and
/// records what to announce once the transaction is committed (nothing is announced if it is not).
/// </summary>
internal sealed class WriteTransaction
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> commands;
    private readonly List<JobEvent> events = [];

    public WriteTransaction(SqliteConnection connection, Dictionary<string, SqliteCommand> commands, long now, int groupQueuedDelta)
    {
        this.connection = connection;
        this.commands = commands;
        Now = now;
        GroupQueuedDelta = groupQueuedDelta;
    }

    /// <summary>Change of the number of queued jobs made by the earlier writes of the same group (not yet committed).</summary>
    public int GroupQueuedDelta { get; }

    /// <summary>The commit's clock, in Unix milliseconds (one value for the whole group).</summary>
    public long Now { get; }

    /// <summary>Change of the number of queued jobs made by this write.</summary>
    public int QueuedDelta { get; set; }

    /// <summary>The events this write appended, with their sequence numbers, in order.</summary>
    public IReadOnlyList<JobEvent> Events => events;

    /// <summary>Records an appended event, to be announced after the commit.</summary>
    public void Appended(JobEvent item) => events.Add(item);

    /// <summary>A prepared command for <paramref name="sql"/> with <paramref name="parameters"/> bound (cached per statement).</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
#pragma warning disable CA2100 // The statements are constants of this assembly; values are bound as parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs a statement; returns the rows changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) => Command(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a statement that returns one value (or null).</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Command(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
