using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Storage;
using Microsoft.Data.Sqlite;

namespace MetaAnalysis.Server.Tests.Storage;

public sealed class GroupCommitWriterTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "metaanalysis-tests", Guid.NewGuid().ToString("N"));

    public GroupCommitWriterTests() => Directory.CreateDirectory(directory);

    [Fact]
    public async Task WriteAsync_OneWriteThrows_OnlyItIsRolledBackAndTheOthersCommit()
    {
        var path = Path.Combine(directory, "w.db");
        var committed = new List<int>();
        await using (var writer = Open(path, (delta, _) => committed.Add(delta)))
        {
            var writes = new[]
            {
                writer.WriteAsync(w => Insert(w, 1)),
                writer.WriteAsync<int>(w =>
                {
                    Insert(w, 2);
                    throw new InvalidOperationException("second write fails after its insert");
                }),
                writer.WriteAsync(w => Insert(w, 3)),
            };

            await writes[0];
            await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
            await writes[2];
        }

        Assert.Equal([1, 3], ReadIds(path));
        Assert.Equal(2, committed.Sum());
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWrites_AllCommittedInFewerTransactions()
    {
        var path = Path.Combine(directory, "w.db");
        var groups = 0;
        await using (var writer = Open(path, (_, _) => Interlocked.Increment(ref groups)))
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(i => writer.WriteAsync(w => Insert(w, i))));
        }

        Assert.Equal(Enumerable.Range(0, 500), ReadIds(path));
        // Queuing 500 writes takes far less than one flushed commit, so they share a handful of commits.
        Assert.True(groups < 50, $"{groups} commits for 500 concurrent writes");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static GroupCommitWriter Open(string path, Action<int, IReadOnlyList<JobEvent>> committed)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY)";
            create.ExecuteNonQuery();
        }

        return new GroupCommitWriter(connection, TimeProvider.System, committed);
    }

    private static int Insert(WriteTransaction w, int id)
    {
        w.Execute("INSERT INTO t (id) VALUES ($id)", ("$id", id));
        w.QueuedDelta++;
        return id;
    }

    private static List<int> ReadIds(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM t ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }
}
