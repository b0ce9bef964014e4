using System.Text;
using Google.Protobuf;
using Grpc.Core;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;
using MetaAnalysis.Tests.Contract;

namespace MetaAnalysis.EndToEnd.Tests;

/// <summary>Idempotency, tenants, credentials and bad input against one running server with a worker process.</summary>
public sealed class RequestHandlingTests : IClassFixture<RequestHandlingTests.RunningService>
{
    private readonly RunningService service;

    public RequestHandlingTests(RunningService service) => this.service = service;

    private ServiceCluster Cluster => service.Cluster;

    [Fact]
    public async Task Submit_SameKeyTwice_OneJob()
    {
        using var client = Cluster.Client(ServiceCluster.KeyA);

        var first = await client.SubmitAsync(TestJobs.EffectSizes(10), "same-key");
        var second = await client.SubmitAsync(TestJobs.EffectSizes(10), "same-key");

        Assert.Equal(first.JobId, second.JobId);
        Assert.False(first.Existing);
        Assert.True(second.Existing);
        Assert.Single(await client.ListJobsAsync().Where(j => j.JobId == first.JobId).ToListAsync());
    }

    [Fact]
    public async Task Submit_SameKeyDifferentSpec_AlreadyExists()
    {
        using var client = Cluster.Client(ServiceCluster.KeyA);
        await client.SubmitAsync(TestJobs.EffectSizes(11), "reused-key");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(TestJobs.EffectSizes(12), "reused-key"));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task OtherTenant_GetWatchCancel_NotFound()
    {
        using var owner = Cluster.Client(ServiceCluster.KeyA);
        using var other = Cluster.Client(ServiceCluster.KeyB);
        var job = await owner.SubmitAsync(TestJobs.EffectSizes(13));
        var batch = await owner.SubmitBatchAsync(new BatchBuilder(TestJobs.EffectSizes(14).Data).Add("sizes", new AnalysisBuilder().EffectSizesOnly()).WithPublicationBiasChecks(false).Build());

        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => other.GetJobAsync(job.JobId))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => TestJobs.CollectAsync(other.WatchJobAsync(job.JobId)))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => other.CancelJobAsync(job.JobId))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => other.GetBatchAsync(batch.BatchId))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => TestJobs.CollectAsync(other.WatchBatchAsync(batch.BatchId)))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => other.CancelBatchAsync(batch.BatchId))).StatusCode);
        Assert.DoesNotContain(await other.ListJobsAsync().ToListAsync(), j => j.JobId == job.JobId);
        Assert.NotNull(await job.GetResultAsync());
    }

    [Fact]
    public async Task Credentials_MissingWrongOrWorkerKey_Unauthenticated()
    {
        var (raw, _) = Cluster.RawClient(ServiceCluster.KeyA);
        var request = new SubmitRequest { Spec = TestJobs.EffectSizes(15) };

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitAsync(request));
        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitAsync(request, new Metadata { { "x-api-key", "guess" } }));
        var workerKey = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitAsync(request, new Metadata { { "x-api-key", ServiceCluster.WorkerKey } }));
        var worker = new WorkerService.WorkerServiceClient(Cluster.Channel());
        var clientKeyOnWorkerApi = await Assert.ThrowsAsync<RpcException>(async () => await worker.LeaseAsync(new LeaseRequest { WorkerId = "x", WaitSeconds = 0.1 }, new Metadata { { "x-worker-key", ServiceCluster.KeyA } }));

        Assert.All([missing, wrong, workerKey, clientKeyOnWorkerApi], e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
    }

    [Fact]
    public async Task WithoutAKey_UnauthenticatedBeforeTheBodyIsParsed()
    {
        var invoker = Cluster.Channel().CreateCallInvoker();
        var submit = new Method<byte[], byte[]>(MethodType.Unary, "metaanalysis.v1.MetaAnalysisService", "Submit", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var lease = new Method<byte[], byte[]>(MethodType.Unary, "metaanalysis.v1.WorkerService", "Lease", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

        // A leading 0xFF is an invalid wire type: parsed, these bodies would be INVALID_ARGUMENT ("request: ...").
        var garbage = Enumerable.Repeat((byte)0xFF, 2048).ToArray();
        var large = new byte[10 * 1024 * 1024];
        large[0] = 0xFF;
        var errors = new List<RpcException>
        {
            await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(submit, null, new CallOptions(), garbage)),
            await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(submit, null, new CallOptions(new Metadata { { "x-api-key", "guess" } }), garbage)),
            await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(submit, null, new CallOptions(), large)),
            await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(lease, null, new CallOptions(new Metadata { { "x-worker-key", ServiceCluster.KeyA } }), garbage)),
        };

        Assert.All(errors, e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
        Assert.Contains("x-api-key", errors[0].Status.Detail, StringComparison.Ordinal);
        Assert.Contains("x-worker-key", errors[3].Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeValuesAndIds_ShortErrors_AndAWatchOnTheSameChannelSurvives()
    {
        // One channel, one HTTP/2 connection: an error whose headers outgrew the client's limit would close
        // it, and with it this watch of another tenant's job.
        var channel = Cluster.Channel();
        var raw = new MetaAnalysisService.MetaAnalysisServiceClient(channel);
        var owner = new Metadata { { "x-api-key", ServiceCluster.KeyA } };
        var hostile = new Metadata { { "x-api-key", ServiceCluster.KeyB } };
        var watched = await raw.SubmitAsync(new SubmitRequest { Spec = TestJobs.Slow() }, owner);
        using var watch = raw.Watch(new WatchRequest { JobId = watched.JobId }, owner);
        Assert.True(await watch.ResponseStream.MoveNext());

        var value = new string('q', 70_000);
        var id = new string('j', 100_000);
        var badMethod = TestJobs.EffectSizes(30);
        badMethod.Model = new Model { RandomEffects = new RandomEffectsSpec() };
        badMethod.Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = value } };
        var badKey = new SubmitRequest { Spec = TestJobs.EffectSizes(31), IdempotencyKey = value };
        var badName = new SubmitBatchRequest { Data = TestJobs.EffectSizes(32).Data, Title = value };
        badName.Models.Add(new NamedModel { Name = value, Model = new Model { EffectSizes = new EffectSizeSpec() } });
        var errors = new List<RpcException>();
        async Task Refused(Func<Task> call) => errors.Add(await Assert.ThrowsAsync<RpcException>(call));
        await Refused(async () => await raw.SubmitAsync(new SubmitRequest { Spec = badMethod }, hostile));
        await Refused(async () => await raw.SubmitAsync(badKey, hostile));
        await Refused(async () => await raw.SubmitBatchAsync(badName, hostile));
        await Refused(async () => await raw.GetJobAsync(new GetJobRequest { JobId = id }, hostile));
        await Refused(async () => await raw.GetBatchAsync(new GetBatchRequest { BatchId = id }, hostile));
        await Refused(async () => await raw.CancelAsync(new CancelRequest { JobId = id }, hostile));
        await Refused(async () => await raw.ListJobsAsync(new ListJobsRequest { BatchId = id }, hostile));
        await Refused(async () => await raw.ListJobsAsync(new ListJobsRequest { PageToken = id }, hostile));
        await Refused(async () =>
        {
            using var call = raw.Watch(new WatchRequest { BatchId = id }, hostile);
            await call.ResponseStream.MoveNext();
        });
        await Refused(async () => await raw.GetJobAsync(new GetJobRequest { JobId = watched.JobId[..^1] + "x" }, hostile));

        Assert.All(errors, e => Assert.True(e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound, $"{e.StatusCode}: {e.Status.Detail[..Math.Min(200, e.Status.Detail.Length)]}"));
        Assert.All(errors, e => Assert.True(e.Status.Detail.Length < 300, $"{e.Status.Detail.Length} characters: {e.Status.Detail[..Math.Min(200, e.Status.Detail.Length)]}"));
        Assert.Equal(StatusCode.NotFound, errors[^1].StatusCode);
        Assert.Equal("spec.engine.frequentist.tau2_method", errors[0].Trailers.GetValue("field-path"));

        // The watch is still open and ends with the job: cancelled here, or its result if it was that quick.
        await raw.CancelAsync(new CancelRequest { JobId = watched.JobId }, owner);
        var last = watch.ResponseStream.Current;
        while (await watch.ResponseStream.MoveNext())
        {
            last = watch.ResponseStream.Current;
        }

        Assert.True(last.KindCase is JobEvent.KindOneofCase.Cancelled or JobEvent.KindOneofCase.Result, last.KindCase.ToString());
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "negative variance", "spec.data.effect_sizes.vi[1]" },
        { "NaN effect, missing values refused", "spec.data.effect_sizes.yi[0]" },
        { "infinite effect", "spec.data.effect_sizes.yi[2]" },
        { "k too small for random effects", "spec.data" },
        { "huge k", "spec.data.effect_sizes.yi" },
        { "correlation outside [-1, 1]", "spec.data.raw.ri[0]" },
        { "counts larger than group sizes", "spec.data.raw.ai[1]" },
        { "missing dose", "spec.data.dose" },
        { "unknown moderator", "spec.model.meta_regression.moderators[0]" },
        { "no model", "spec.model" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Submit_BadSpec_InvalidArgumentWithTheFieldAndNoJob(string problem, string field)
    {
        var (raw, headers) = Cluster.RawClient(ServiceCluster.KeyB);
        var before = (await raw.ListJobsAsync(new ListJobsRequest { PageSize = 1000 }, headers)).Jobs.Count;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitAsync(new SubmitRequest { Spec = BadSpec(problem) }, headers));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field-path"));
        Assert.StartsWith(field + ": ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, (await raw.ListJobsAsync(new ListJobsRequest { PageSize = 1000 }, headers)).Jobs.Count);
    }

    [Fact]
    public async Task Submit_MissingEffect_TheFitLeavesItOutAndSaysWhich()
    {
        using var client = Cluster.Client(ServiceCluster.KeyB);
        var data = DataSetBuilder.FromEffectSizes([0.1, double.NaN, 0.4, 0.2, 0.35, 0.05], [0.02, 0.03, 0.05, 0.01, 0.04, 0.02]).Labels(["a", "b", "c", "d", "e", "f"]).Build();
        var job = await client.SubmitAsync(new AnalysisBuilder().RandomEffects().Frequentist().Build(data));

        var result = await job.GetResultAsync();

        Assert.Equal(5, result.K);
        var omitted = Assert.Single(result.Omitted);
        Assert.Equal((1, "b", "yi"), (omitted.Row, omitted.Label, omitted.Missing));
    }

    [Fact]
    public async Task Submit_OversizeMessage_ResourceExhausted()
    {
        var (raw, headers) = Cluster.RawClient(ServiceCluster.KeyB);
        var spec = TestJobs.EffectSizes(16);
        spec.Data.Labels.AddRange(Enumerable.Repeat(new string('x', 200), 120_000));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitAsync(new SubmitRequest { Spec = spec }, headers));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Theory]
    [InlineData("metaanalysis.v1.MetaAnalysisService", "Submit", ServiceCluster.KeyB)]
    [InlineData("metaanalysis.v1.MetaAnalysisService", "Watch", ServiceCluster.KeyB)]
    [InlineData("metaanalysis.v1.WorkerService", "Complete", ServiceCluster.WorkerKey)]
    public async Task RandomBytes_InvalidArgumentWithoutDetailsAndTheServerKeepsServing(string service, string name, string key)
    {
        var invoker = Cluster.Channel().CreateCallInvoker();
        var type = name == "Watch" ? MethodType.ServerStreaming : MethodType.Unary;
        var method = new Method<byte[], byte[]>(type, service, name, Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var random = new Random(1234);
        var unparsed = 0;
        for (var i = 0; i < 20; i++)
        {
            // A leading 0xFF byte is an invalid wire type, so at least the even attempts cannot parse; the others
            // may happen to parse into a partial message, which validation then refuses with a field path.
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                bytes[0] = 0xFF;
            }

            var headers = new CallOptions(new Metadata { { service.EndsWith("WorkerService", StringComparison.Ordinal) ? "x-worker-key" : "x-api-key", key } });
            var error = await RefusedRawCallAsync(invoker, method, headers, bytes);

            var parsedAnswers = new[] { StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition };
            Assert.True(error.StatusCode == StatusCode.InvalidArgument || (i % 2 == 1 && parsedAnswers.Contains(error.StatusCode)), $"{error.StatusCode}: {error.Status.Detail}");
            if (error.Status.Detail.StartsWith("request: ", StringComparison.Ordinal))
            {
                Assert.Equal("request", error.Trailers.GetValue("field-path"));
                unparsed++;
            }

            Assert.DoesNotContain(" at ", error.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.True(unparsed >= 10, $"{unparsed} of 20 were refused as unparseable");
        await Cluster.WaitUntilServingAsync(TimeSpan.FromSeconds(5));
        using var client = Cluster.Client(ServiceCluster.KeyB);
        var job = await client.SubmitAsync(TestJobs.EffectSizes(17));
        Assert.Equal(5, (await job.GetResultAsync()).EffectSizes?.Yi.Count);
    }

    /// <summary>Every enum field of every request of both services, from the contract's descriptors: method, field path.</summary>
    public static TheoryData<string, string> EnumFieldsOfEveryRequest()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in MetaAnalysisService.Descriptor.Methods.Concat(WorkerService.Descriptor.Methods))
        {
            foreach (var path in EnumFields.Paths(method.InputType))
            {
                data.Add(method.FullName, path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnumFieldsOfEveryRequest))]
    public async Task AnyRequest_EnumFieldWithAnUndefinedValue_InvalidArgumentNamingTheField(string methodName, string path)
    {
        var descriptor = MetaAnalysisService.Descriptor.Methods.Concat(WorkerService.Descriptor.Methods).Single(m => m.FullName == methodName);
        var bytes = EnumFields.WithValue(descriptor.InputType, path, 42).ToByteArray();
        var type = descriptor.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var invoker = Cluster.Channel().CreateCallInvoker();
        var options = new CallOptions(new Metadata { { "x-api-key", ServiceCluster.KeyB }, { "x-worker-key", ServiceCluster.WorkerKey } });

        var error = await RefusedRawCallAsync(invoker, method, options, bytes);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(path, error.Trailers.GetValue("field-path"));
        Assert.StartsWith($"{path}: 42 is not a defined value", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitBatch_UndefinedDistributionOnAnOtherwiseValidModel_InvalidArgumentAndNoJob()
    {
        var (raw, headers) = Cluster.RawClient(ServiceCluster.KeyB);
        var before = (await raw.ListJobsAsync(new ListJobsRequest { PageSize = 1000 }, headers)).Jobs.Count;
        var batch = new SubmitBatchRequest { Data = TestJobs.EffectSizes(40).Data };
        batch.Models.Add(new NamedModel
        {
            Name = "re",
            Model = new Model { RandomEffects = new RandomEffectsSpec { Distribution = (RandomEffectsDistribution)42 } },
            Engine = new Engine { Frequentist = new FrequentistEngine() },
        });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await raw.SubmitBatchAsync(batch, headers));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("models[0].model.random_effects.distribution: 42 is not a defined value", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, (await raw.ListJobsAsync(new ListJobsRequest { PageSize = 1000 }, headers)).Jobs.Count);
    }

    /// <summary>Sends <paramref name="bytes"/> as the request of <paramref name="method"/> (unary or server-streaming) and returns the error it must end with.</summary>
    private static Task<RpcException> RefusedRawCallAsync(CallInvoker invoker, Method<byte[], byte[]> method, CallOptions options, byte[] bytes) =>
        Assert.ThrowsAsync<RpcException>(async () =>
        {
            if (method.Type == MethodType.Unary)
            {
                await invoker.AsyncUnaryCall(method, null, options, bytes);
            }
            else
            {
                using var call = invoker.AsyncServerStreamingCall(method, null, options, bytes);
                await call.ResponseStream.MoveNext();
            }
        });

    private static ModelSpec BadSpec(string problem)
    {
        var spec = TestJobs.EffectSizes(20);
        var effects = spec.Data.EffectSizes;
        switch (problem)
        {
            case "negative variance":
                effects.Vi[1] = -0.2;
                break;
            case "NaN effect, missing values refused":
                effects.Yi[0] = double.NaN;
                spec.Data.MissingValues = MissingValues.Fail;
                break;
            case "infinite effect":
                effects.Yi[2] = double.NegativeInfinity;
                break;
            case "k too small for random effects":
                spec = new AnalysisBuilder().RandomEffects().Frequentist().Build(DataSetBuilder.FromEffectSizes([0.3], [0.1]).Build());
                break;
            case "huge k":
                spec = new AnalysisBuilder().EffectSizesOnly().Build(DataSetBuilder.FromEffectSizes(new double[200_000], Enumerable.Repeat(0.1, 200_000)).Build());
                break;
            case "correlation outside [-1, 1]":
                spec = new AnalysisBuilder().EffectSizesOnly().Build(DataSetBuilder.FromRawColumns(EffectMeasure.FisherZ).Column(RawColumn.Ri, [1.5, 0.2]).Column(RawColumn.Ni, [30, 40]).Build());
                break;
            case "counts larger than group sizes":
                spec = new AnalysisBuilder().EffectSizesOnly().Build(DataSetBuilder.FromRawColumns(EffectMeasure.RiskRatio).Column(RawColumn.Ai, [3, 45]).Column(RawColumn.Ci, [4, 5]).Column(RawColumn.N1i, [20, 40]).Column(RawColumn.N2i, [20, 40]).Build());
                break;
            case "missing dose":
                spec = new AnalysisBuilder().DoseResponse(DoseCurve.Linear).Frequentist().Build(spec.Data);
                break;
            case "unknown moderator":
                spec = new AnalysisBuilder().MetaRegression("year").Frequentist().Build(spec.Data);
                break;
            case "no model":
                spec.Model = null;
                break;
            default:
                throw new ArgumentException(problem, nameof(problem));
        }

        return spec;
    }

    /// <summary>One server and one worker process shared by the tests of this class.</summary>
    public sealed class RunningService : IAsyncLifetime
    {
        public ServiceCluster Cluster { get; } = new();

        public async Task InitializeAsync()
        {
            await Cluster.StartServerAsync();
            Cluster.StartWorker("worker-1", concurrency: 2);
        }

        public Task DisposeAsync()
        {
            Cluster.Dispose();
            return Task.CompletedTask;
        }
    }
}
