using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.EndToEnd.Tests;

public sealed class ServerOperationTests
{
    [Fact]
    public async Task Submit_QueueAtItsLimit_ResourceExhaustedAndNoJob()
    {
        using var cluster = new ServiceCluster(extraSettings: new Dictionary<string, string> { ["Service:MaxQueuedJobs"] = "2" });
        await cluster.StartServerAsync();
        var (raw, headers) = cluster.RawClient(ServiceCluster.KeyA);
        await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.EffectSizes(1) }, headers);
        await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.EffectSizes(2) }, headers);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.EffectSizes(3) }, headers));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(2, (await raw.ListJobsAsync(new ListJobsRequest(), headers)).Jobs.Count);
    }

    [Fact]
    public async Task Reflection_ListsTheClientAndWorkerServices()
    {
        using var cluster = new ServiceCluster();
        await cluster.StartServerAsync();
        var reflection = new ServerReflection.ServerReflectionClient(cluster.Channel());
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(default));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();
        Assert.Contains("metaanalysis.v1.MetaAnalysisService", services);
        Assert.Contains("metaanalysis.v1.WorkerService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Watch_DeadlinePassesWhileWaiting_DeadlineExceeded()
    {
        using var cluster = new ServiceCluster();
        await cluster.StartServerAsync();
        var (raw, headers) = cluster.RawClient(ServiceCluster.KeyA);
        var job = await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.EffectSizes(1) }, headers);
        using var call = raw.Watch(new WatchRequest { JobId = job.JobId }, headers, DateTime.UtcNow.AddMilliseconds(500));

        Assert.True(await call.ResponseStream.MoveNext(default));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(default).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(JobState.Queued, (await raw.GetJobAsync(new GetJobRequest { JobId = job.JobId }, headers)).State);
    }

    [Fact]
    public async Task Watch_ClientGoesAwayMidStream_ServerLogsNoError()
    {
        // A watcher that closes its stream is ordinary: the server must not log it as an unhandled error.
        using var cluster = new ServiceCluster(inProcessWorkers: 1);
        await cluster.StartServerAsync();
        var (raw, headers) = cluster.RawClient(ServiceCluster.KeyA);
        var job = await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.LongSampling() }, headers);
        for (var watcher = 0; watcher < 3; watcher++)
        {
            using var stop = new CancellationTokenSource();
            using var call = raw.Watch(new WatchRequest { JobId = job.JobId }, headers, cancellationToken: stop.Token);
            for (var seen = 0; seen < 3; seen++)
            {
                Assert.True(await call.ResponseStream.MoveNext(default).WaitAsync(TimeSpan.FromSeconds(30)));
            }

            await stop.CancelAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await raw.CancelAsync(new CancelRequest { JobId = job.JobId }, headers);
        Assert.DoesNotContain("Unhandled error", cluster.Server!.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkWatch_ServerRestartsMidStream_ResumesAndDeliversTheResultOnce()
    {
        using var cluster = new ServiceCluster();
        var server = await cluster.StartServerAsync();
        using var client = cluster.Client(ServiceCluster.KeyA, new ClientSdk.MetaAnalysisClientOptions { MaxRetries = 40, InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500) });
        var job = await client.SubmitAsync(TestJobs.EffectSizes(5));
        var watching = TestJobs.CollectAsync(job.WatchAsync());
        await Task.Delay(300);

        server.Signal("TERM");
        await server.WaitForExitAsync(TimeSpan.FromSeconds(20));
        await cluster.StartServerAsync();
        cluster.StartWorker("worker-1");
        var events = await watching.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobEvent.KindOneofCase.Queued, events[0].KindCase);
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Queued);
        Assert.Single(events, e => e.KindCase == JobEvent.KindOneofCase.Result);
        Assert.Equal(JobEvent.KindOneofCase.Result, events[^1].KindCase);
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
    }
}
