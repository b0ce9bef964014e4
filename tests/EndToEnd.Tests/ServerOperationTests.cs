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
}
