using System.Globalization;
using System.Threading.Channels;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using MetaAnalysis.Server.Storage.Postgres;
using MetaAnalysis.Tests.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>
/// The shared store suite on the PostgreSQL store (a fresh database per test on the test server), and what
/// only a store shared by several replicas must do.
/// </summary>
/// <remarks>
/// The database's clock cannot be moved, so the suite's clock advances by moving every stored lease expiry
/// back by the same amount: to the store, which compares expiries with <c>now()</c>, that is the same thing.
/// </remarks>
[RequiresPostgres]
public sealed class PostgresJobStoreTests : JobStoreTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly List<JobStateMachine> replicas = [];
    private PostgresTestDatabase database = null!;
    private JobStateMachine store = null!;

    protected override IJobStore Store => store;

    private StoreSignals Signals { get; } = new();

    public override async Task InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        store = Open(Signals);
    }

    public override async Task DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    protected override async Task AdvanceClockAsync(TimeSpan time) =>
        await database.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"UPDATE jobs SET lease_expires = lease_expires - interval '{time.TotalMilliseconds} milliseconds' WHERE lease_expires IS NOT NULL"));

    protected override async Task ReopenAsync()
    {
        replicas.Remove(store);
        await store.DisposeAsync();
        store = Open(Signals);
    }

    protected override async Task<long> StoredBytesAsync() => Convert.ToInt64(await database.ScalarAsync("SELECT pg_database_size(current_database())"), CultureInfo.InvariantCulture);

    [PostgresFact]
    public async Task Open_MigratedDatabase_AppliesNothingTwice()
    {
        Open(new StoreSignals());

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(PostgresSchema.LatestVersion, reader.GetInt64(0));
        Assert.Equal(PostgresSchema.LatestVersion, reader.GetInt32(1));
    }

    [PostgresFact]
    public async Task TwoReplicas_ClaimConcurrently_EveryJobLeasedExactlyOnce()
    {
        var other = Open(new StoreSignals());
        var submitted = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            submitted.Add((await Submit("a", null, TestSpecs.EffectSizes(i))).JobId);
        }

        var claimers = new[] { store, other, store, other }.Select(replica => Task.Run(async () =>
        {
            var leased = new List<string>();
            while (await replica.TryLeaseAsync("w", Lease) is { } grant)
            {
                leased.Add(grant.JobId);
            }

            return leased;
        }));
        var leased = (await Task.WhenAll(claimers)).SelectMany(ids => ids).ToList();

        Assert.Equal(submitted.Order(), leased.Order());
    }

    [PostgresFact]
    public async Task TwoReplicas_OneWritesTheOthersWatcherReceivesEveryEventInOrder()
    {
        var otherSignals = new StoreSignals();
        var other = Open(otherSignals);
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        using var watched = otherSignals.Subscribe(StreamKeys.Job(job.JobId));

        var grant = (await store.TryLeaseAsync("w", Lease))!;
        await other.HeartbeatAsync(job.JobId, grant.Attempt, Lease, [new JobEvent { Progress = new JobEvent.Types.Progress { Fraction = 0.5 } }]);
        await store.CompleteAsync(job.JobId, grant.Attempt, TestSpecs.Result());

        // The Queued event was committed before the subscription; it may still be on its way to the other replica.
        var received = await ReadUntilAsync(watched.Reader, e => e.KindCase == JobEvent.KindOneofCase.Result);
        Assert.Equal(
            [JobEvent.KindOneofCase.Started, JobEvent.KindOneofCase.Progress, JobEvent.KindOneofCase.Result],
            received.TakeLast(3).Select(e => e.KindCase));
        var stored = await store.ReadEventsAsync(StreamKeys.Job(job.JobId), 0, 100, default);
        Assert.Equal(stored.SkipWhile(e => e.Sequence != received[0].Sequence), received);
    }

    [PostgresFact]
    public async Task TwoReplicas_OtherReplicaQueuesJobs_TheQueuedCountFollows()
    {
        var other = Open(new StoreSignals());

        await Submit("a", null, TestSpecs.EffectSizes(1));
        await Submit("a", null, TestSpecs.EffectSizes(2));

        await WaitUntilAsync(() => other.QueuedCount == 2);
        await other.TryLeaseAsync("w", Lease);
        await WaitUntilAsync(() => store.QueuedCount == 1);
    }

    [PostgresFact]
    public async Task ConnectionsKilled_WritesRetryAndOpenStreamsAreInterrupted()
    {
        var job = await Submit("a", null, TestSpecs.EffectSizes(1));
        using var watched = Signals.Subscribe(StreamKeys.Job(job.JobId));

        // Every connection of the store, the listening one included, is cut by the server.
        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await kill.ExecuteNonQueryAsync();
        }

        var grant = await store.TryLeaseAsync("w", Lease);

        Assert.Equal(job.JobId, grant?.JobId);
        var interrupted = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            while (await watched.Reader.WaitToReadAsync().AsTask().WaitAsync(Wait))
            {
                watched.Reader.TryRead(out _);
            }
        });
        Assert.Contains("resume", interrupted.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Running, (await store.GetJobAsync("a", job.JobId, false, default))!.State);
    }

    private JobStateMachine Open(StoreSignals signals)
    {
        var replica = new JobStateMachine(PostgresJobStore.Open(database.ConnectionString, signals, NullLogger.Instance));
        replicas.Add(replica);
        return replica;
    }

    private static async Task<List<JobEvent>> ReadUntilAsync(ChannelReader<JobEvent> reader, Func<JobEvent, bool> last)
    {
        var events = new List<JobEvent>();
        using var timeout = new CancellationTokenSource(Wait);
        await foreach (var item in reader.ReadAllAsync(timeout.Token))
        {
            events.Add(item);
            if (last(item))
            {
                break;
            }
        }

        return events;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold in time");
            await Task.Delay(20);
        }
    }
}
