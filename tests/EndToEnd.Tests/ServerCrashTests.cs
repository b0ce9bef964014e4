using System.Collections.Concurrent;
using Grpc.Core;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.EndToEnd.Tests;

public sealed class ServerCrashTests
{
    [Fact]
    public async Task KillServerWhileClientsSubmit_Restart_NoAcknowledgedJobLost()
    {
        using var cluster = new ServiceCluster(inProcessWorkers: 1);
        var server = await cluster.StartServerAsync();
        var options = new MetaAnalysisClientOptions { MaxRetries = 40, InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500), CallTimeout = TimeSpan.FromSeconds(10) };
        using var client = cluster.Client(ServiceCluster.KeyA, options);
        var acknowledged = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        var submitters = Enumerable.Range(0, 4).Select(submitter => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"client-{submitter}-{i}";
                var job = await client.SubmitAsync(TestJobs.EffectSizes((submitter * 100_000) + i), key);
                acknowledged[key] = job.JobId;
            }
        })).ToArray();

        while (acknowledged.Count < 200)
        {
            await Task.Delay(10);
        }

        server.KillHard();
        var beforeRestart = acknowledged.ToArray();
        await cluster.StartServerAsync();
        var afterRestart = acknowledged.Count;
        while (acknowledged.Count < afterRestart + 100)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await Task.WhenAll(submitters);

        var stored = new Dictionary<string, Job>();
        await foreach (var job in client.ListJobsAsync(pageSize: 1000))
        {
            stored[job.JobId] = job;
        }

        Assert.NotEmpty(beforeRestart);
        Assert.All(acknowledged, pair => Assert.True(stored.ContainsKey(pair.Value), $"acknowledged job {pair.Value} ({pair.Key}) was lost"));
        Assert.Equal(acknowledged.Count, acknowledged.Values.Distinct().Count());
        Assert.Equal(acknowledged.Count, stored.Count);
        var last = client.Job(acknowledged.Last().Value);
        Assert.NotNull(await last.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task KillServerWhileItsInProcessWorkerFits_Restart_TheJobIsRequeuedAtOnce()
    {
        // The lease outlasts the test's patience: only the restarted server's own requeue can hand the job out
        // again. Progress arrives with a heartbeat, which has renewed the short first lease to the whole lease.
        using var cluster = new ServiceCluster(leaseSeconds: 60, inProcessWorkers: 1);
        var server = await cluster.StartServerAsync();
        using var client = cluster.Client(ServiceCluster.KeyA);
        var job = await client.SubmitAsync(TestJobs.LongSampling());
        await foreach (var item in client.WatchJobAsync(job.JobId))
        {
            if (item.KindCase == JobEvent.KindOneofCase.Progress)
            {
                break;
            }
        }

        server.KillHard();
        await cluster.StartServerAsync();
        using var restarted = cluster.Client(ServiceCluster.KeyA);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        Job stored;
        do
        {
            await Task.Delay(100);
            stored = await restarted.GetJobAsync(job.JobId);
        }
        while (stored.Attempt < 2 && DateTime.UtcNow < deadline);

        Assert.True(stored.Attempt >= 2, $"attempt {stored.Attempt}, state {stored.State} 15 s after the restart\n{cluster.Diagnostics()}");
        Assert.Equal(JobState.Running, stored.State);
        Assert.True((await restarted.CancelJobAsync(job.JobId)).AnyCancelled);
    }

    [Fact]
    public async Task Terminate_OpenStreamsEndAndTheServerExits()
    {
        using var cluster = new ServiceCluster();
        var server = await cluster.StartServerAsync();
        var (raw, headers) = cluster.RawClient(ServiceCluster.KeyA);
        var submitted = await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.EffectSizes(1) }, headers);
        using var call = raw.Watch(new WatchRequest { JobId = submitted.JobId }, headers);
        Assert.True(await call.ResponseStream.MoveNext(default));
        Assert.Equal(JobEvent.KindOneofCase.Queued, call.ResponseStream.Current.KindCase);

        server.Signal("TERM");

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(default).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        await server.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, server.ExitCode);
    }
}
