using Grpc.Core;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;
using MetaAnalysis.Tests.Postgres;

namespace MetaAnalysis.EndToEnd.Tests;

/// <summary>Two tenants on one server: each has its own share of the queue, and leases take turns between them.</summary>
public sealed class TenantFairnessTests
{
    private const int PerTenant = 20;

    [Fact]
    public Task SqliteStore_OneTenantFillsItsShare_TheOtherStillSubmitsAndIsServedNext() =>
        OneTenantFillsItsShareAsync(new Dictionary<string, string>());

    [PostgresFact]
    public async Task PostgresStore_OneTenantFillsItsShare_TheOtherStillSubmitsAndIsServedNext()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await OneTenantFillsItsShareAsync(new Dictionary<string, string> { ["Service:Store"] = "postgres", ["Service:PostgresConnectionString"] = database.ConnectionString });
    }

    private static async Task OneTenantFillsItsShareAsync(Dictionary<string, string> store)
    {
        store["Service:MaxQueuedJobsPerTenant"] = PerTenant.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cluster = new ServiceCluster(inProcessWorkers: 0, extraSettings: store);
        await cluster.StartServerAsync();
        using var a = cluster.Client(ServiceCluster.KeyA);
        using var b = cluster.Client(ServiceCluster.KeyB);

        // No worker yet: tenant A fills its share of the queue, and only A is refused.
        var jobsOfA = new List<string>();
        for (var i = 0; i < PerTenant; i++)
        {
            jobsOfA.Add((await a.SubmitAsync(TestJobs.EffectSizes(i))).JobId);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => a.SubmitAsync(TestJobs.EffectSizes(100)));
        var jobOfB = await b.SubmitAsync(TestJobs.EffectSizes(101));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.StartsWith($"this tenant's queue is full ({PerTenant} queued jobs", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(refused.Status.Detail.Length < 200, refused.Status.Detail);

        // One worker taking one job at a time: B's job, submitted after all of A's, is leased within one round.
        cluster.StartWorker("worker-1", concurrency: 1);
        var startedB = Started(await TestJobs.CollectAsync(b.WatchJobAsync(jobOfB.JobId)).WaitAsync(TimeSpan.FromSeconds(60)));
        var startedA = new List<long>();
        foreach (var job in jobsOfA)
        {
            startedA.Add(Started(await TestJobs.CollectAsync(a.WatchJobAsync(job)).WaitAsync(TimeSpan.FromSeconds(60))));
        }

        Assert.True(startedA.Count(sequence => sequence < startedB) <= 1, $"{startedA.Count(sequence => sequence < startedB)} of A's jobs were leased before B's");
    }

    /// <summary>The sequence number of the job's Started event (the stores number all events in one order).</summary>
    private static long Started(List<JobEvent> events) => events.First(e => e.KindCase == JobEvent.KindOneofCase.Started).Sequence;
}
