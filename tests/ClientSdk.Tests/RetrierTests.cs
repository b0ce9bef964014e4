using Grpc.Core;

namespace MetaAnalysis.ClientSdk.Tests;

public sealed class RetrierTests
{
    private readonly Retrier retrier = new(new MetaAnalysisClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(4), MaxRetries = 5 });

    [Fact]
    public void Backoff_DoublesUpToTheCap()
    {
        Assert.Equal(
            [1.0, 2, 4, 4, 4],
            Enumerable.Range(1, 5).Select(retry => retrier.Backoff(retry).TotalMilliseconds));
    }

    [Fact]
    public async Task Call_UnavailableThenSuccess_Retried()
    {
        var calls = 0;

        var result = await retrier.CallAsync(
            _ => ++calls < 3 ? throw new RpcException(new Status(StatusCode.Unavailable, "down")) : Task.FromResult(42),
            default);

        Assert.Equal(42, result);
        Assert.Equal(3, calls);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.AlreadyExists)]
    public async Task Call_NonTransientFailure_NotRetried(StatusCode status)
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => retrier.CallAsync<int>(
            _ =>
            {
                calls++;
                throw new RpcException(new Status(status, "no"));
            },
            default));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, calls);
    }
}
