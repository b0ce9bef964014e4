using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>A store in a temporary SQLite file with a fake clock; deletes the file when disposed.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "metaanalysis-tests", Guid.NewGuid().ToString("N"));

    public TestStore()
    {
        FilePath = System.IO.Path.Combine(directory, "jobs.db");
        Store = new JobStateMachine(SqliteJobStore.Open(FilePath, Time, Signals));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public StoreSignals Signals { get; } = new();

    public JobStateMachine Store { get; private set; }

    private string FilePath { get; }

    /// <summary>Closes the store and opens the same file again, as a restarted server does.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = new JobStateMachine(SqliteJobStore.Open(FilePath, Time, Signals));
    }

    /// <summary>The bytes the store's file takes on disk once its journal is checkpointed (by closing and opening it again).</summary>
    public async Task<long> StoredBytesAsync()
    {
        await ReopenAsync();
        var journal = new FileInfo(FilePath + "-wal");
        return new FileInfo(FilePath).Length + (journal.Exists ? journal.Length : 0);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
