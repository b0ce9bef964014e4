using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>The shared store suite on the SQLite store, with a fake clock.</summary>
#pragma warning disable CA1001 // xunit disposes the store through IAsyncLifetime.DisposeAsync
public sealed class SqliteJobStoreTests : JobStoreTests
#pragma warning restore CA1001
{
    private readonly TestStore test = new();

    protected override IJobStore Store => test.Store;

    public override Task InitializeAsync() => Task.CompletedTask;

    public override async Task DisposeAsync() => await test.DisposeAsync();

    protected override Task AdvanceClockAsync(TimeSpan time)
    {
        test.Time.Advance(time);
        return Task.CompletedTask;
    }

    protected override Task ReopenAsync() => test.ReopenAsync();

    protected override Task<long> StoredBytesAsync() => test.StoredBytesAsync();
}
