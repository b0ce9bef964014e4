using System.Collections.Concurrent;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;
using MetaAnalysis.Tests.Postgres;

namespace MetaAnalysis.EndToEnd.Tests;

/// <summary>Two servers over one PostgreSQL database with four workers, as several replicas run on a cluster.</summary>
public sealed class ReplicatedServerTests
{
    [PostgresFact]
    public async Task TwoServersFourWorkers_KillOneServerWhileJobsFlow_EveryJobEndsWithOneResult()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var cluster = new ReplicatedCluster(database.ConnectionString, servers: 2, leaseSeconds: 2);
        await cluster.StartServersAsync();
        for (var i = 1; i <= 4; i++)
        {
            cluster.StartWorker($"worker-{i}", concurrency: 2);
        }

        var options = new MetaAnalysisClientOptions { MaxRetries = 40, InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500), CallTimeout = TimeSpan.FromSeconds(10) };
        using var client = cluster.Client(ServiceCluster.KeyA, options);
        var acknowledged = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        var submitters = Enumerable.Range(0, 2).Select(submitter => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 150; i++)
            {
                var key = $"client-{submitter}-{i}";
                var job = await client.SubmitAsync(TestJobs.EffectSizes((submitter * 100_000) + i), key);
                acknowledged[key] = job.JobId;
            }
        })).ToArray();

        try
        {
            while (acknowledged.Count < 100)
            {
                await Task.Delay(10);
            }

            cluster.Servers[0].KillHard();
            await Task.WhenAll(submitters).WaitAsync(TimeSpan.FromSeconds(60));

            foreach (var jobId in acknowledged.Values)
            {
                var events = await TestJobs.CollectAsync(client.WatchJobAsync(jobId)).WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Result);
                Assert.Equal(JobEvent.KindOneofCase.Result, events[^1].KindCase);
                Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
            }

            var stored = new Dictionary<string, Job>();
            await foreach (var job in client.ListJobsAsync(pageSize: 1000))
            {
                stored[job.JobId] = job;
            }

            Assert.Equal(300, acknowledged.Count);
            Assert.Equal(acknowledged.Values.Order(), stored.Keys.Order());
            Assert.All(stored.Values, job => Assert.Equal(JobState.Succeeded, job.State));
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(cluster.Diagnostics(), exception);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
