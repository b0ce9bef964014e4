using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.EndToEnd.Tests;

public sealed class WorkerFailureTests
{
    [Fact]
    public async Task KillWorkerMidFit_JobFinishesOnTheOtherWorker_OneFinalResult()
    {
        using var cluster = new ServiceCluster(leaseSeconds: 2);
        await cluster.StartServerAsync();
        var first = cluster.StartWorker("worker-1");
        using var client = cluster.Client(ServiceCluster.KeyA);
        var job = await client.SubmitAsync(TestJobs.Slow());
        await WaitForStartedAsync(client, job.JobId);

        first.KillHard();
        cluster.StartWorker("worker-2");
        var events = await TestJobs.CollectAsync(job.WatchAsync()).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Result);
        Assert.Equal(JobEvent.KindOneofCase.Result, events[^1].KindCase);
        Assert.Equal(["worker-1", "worker-2"], events.Where(e => e.KindCase == JobEvent.KindOneofCase.Started).Select(e => e.Started.Worker));
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Requeued);
        var stored = await client.GetJobAsync(job.JobId);
        Assert.Equal(JobState.Succeeded, stored.State);
        Assert.Equal(2, stored.Attempt);
    }

    [Fact]
    public async Task PauseWorkerPastItsLease_ItsLateReportsAreRefused()
    {
        using var cluster = new ServiceCluster(leaseSeconds: 1.5);
        await cluster.StartServerAsync();
        var paused = cluster.StartWorker("worker-1");
        using var client = cluster.Client(ServiceCluster.KeyA);
        var job = await client.SubmitAsync(TestJobs.Slow());
        await WaitForStartedAsync(client, job.JobId);

        paused.Signal("STOP");
        var requeued = await TestJobs.CollectAsync(UntilRequeued(client.WatchJobAsync(job.JobId))).WaitAsync(TimeSpan.FromSeconds(30));
        cluster.StartWorker("worker-2");
        var result = await job.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(90));
        paused.Signal("CONT");

        // The paused worker wakes up holding attempt 1; its heartbeat or its result is refused.
        await WaitForAnyAsync(paused, ["attempt 1 stopped: LeaseLost", "attempt 1 was refused: the attempt is stale"], TimeSpan.FromSeconds(60));
        var stored = await client.GetJobAsync(job.JobId);
        var events = await TestJobs.CollectAsync(job.WatchAsync());
        Assert.NotEmpty(requeued);
        Assert.Equal(JobState.Succeeded, stored.State);
        Assert.Equal(2, stored.Attempt);
        Assert.Equal(result.Raw, stored.Result);
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Result);
    }

    private static async Task WaitForStartedAsync(ClientSdk.MetaAnalysisClient client, string jobId)
    {
        await foreach (var item in client.WatchJobAsync(jobId).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            if (item.KindCase == JobEvent.KindOneofCase.Started)
            {
                return;
            }
        }
    }

    private static async IAsyncEnumerable<JobEvent> UntilRequeued(IAsyncEnumerable<JobEvent> events)
    {
        await foreach (var item in events)
        {
            yield return item;
            if (item.KindCase == JobEvent.KindOneofCase.Requeued)
            {
                yield break;
            }
        }
    }

    private static async Task WaitForAnyAsync(ManagedProcess process, string[] texts, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!texts.Any(t => process.Output.Contains(t, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{process.Name} printed none of {string.Join(" | ", texts)}. Output:\n{process.Output}");
            }

            await Task.Delay(100);
        }
    }
}
