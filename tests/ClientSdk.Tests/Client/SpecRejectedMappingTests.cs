using Grpc.Core;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.ClientSdk.Tests.Streaming;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Client;

public sealed class SpecRejectedMappingTests
{
    private static readonly ModelSpec Spec = new AnalysisBuilder().RandomEffects().Build(DataSetBuilder.FromEffectSizes([1], [1]).Build());

    [Fact]
    public async Task Submit_InvalidArgumentWithFieldPath_SpecRejectedNamingTheField()
    {
        var client = Client(InvalidArgument("must be above 0", "spec.priors.tau.half_normal.scale"));

        var error = await Assert.ThrowsAsync<SpecRejectedException>(() => client.SubmitAsync(Spec));

        Assert.Equal("spec.priors.tau.half_normal.scale", error.FieldPath);
        Assert.Equal("must be above 0", error.Detail);
        Assert.Contains("spec.priors.tau.half_normal.scale", error.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, Assert.IsType<RpcException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task SubmitBatch_InvalidArgumentWithFieldPath_SpecRejected()
    {
        var client = Client(InvalidArgument("unknown moderator", "models[1].model.meta_regression.moderators[0]"));
        var batch = new BatchBuilder(Spec.Data).Add("a", new AnalysisBuilder().MetaRegression("x")).Build();

        var error = await Assert.ThrowsAsync<SpecRejectedException>(() => client.SubmitBatchAsync(batch));

        Assert.Equal("models[1].model.meta_regression.moderators[0]", error.FieldPath);
    }

    [Fact]
    public async Task GetJob_InvalidArgumentWithoutTrailer_SpecRejectedWithoutField()
    {
        var client = Client(InvalidArgument("bad id", fieldPath: null));

        var error = await Assert.ThrowsAsync<SpecRejectedException>(() => client.GetJobAsync("job"));

        Assert.Null(error.FieldPath);
    }

    [Theory]
    [InlineData(StatusCode.AlreadyExists)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.NotFound)]
    public async Task Submit_OtherStatus_StaysAnRpcException(StatusCode status)
    {
        var client = Client(new RpcException(new Status(status, "no")));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(Spec));

        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task Watch_StreamFailsWithInvalidArgument_SpecRejected()
    {
        var invoker = new FakeCallInvoker((_, _) => throw new InvalidOperationException("no unary call expected"), _ => new FakeStream([1], StatusCode.InvalidArgument));
        var client = new MetaAnalysisClient(invoker, "key");

        var error = await Assert.ThrowsAsync<SpecRejectedException>(async () =>
        {
            await foreach (var item in client.WatchJobAsync("job"))
            {
                Assert.Equal(1, item.Sequence);
            }
        });

        Assert.Null(error.FieldPath);
    }

    private static RpcException InvalidArgument(string detail, string? fieldPath)
    {
        var trailers = new Metadata();
        if (fieldPath is not null)
        {
            trailers.Add(ErrorTrailers.FieldPath, fieldPath);
        }

        return new RpcException(new Status(StatusCode.InvalidArgument, detail), trailers);
    }

    private static MetaAnalysisClient Client(RpcException failure) =>
        new(new FakeCallInvoker((_, _) => throw failure), "key", new MetaAnalysisClientOptions { MaxRetries = 0, ValidateBeforeSending = false });
}
