using Grpc.Core;
using MetaAnalysis.ClientSdk.Streaming;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Streaming;

public sealed class ResumableEventStreamTests
{
    private static readonly Retrier Retrier = new(new MetaAnalysisClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxRetries = 3 });

    [Fact]
    public async Task Read_StreamBreaks_ResumesAfterTheLastSequenceWithoutGapsOrRepeats()
    {
        var opened = new List<long>();
        var streams = new Queue<FakeStream>([new FakeStream([3, 5], StatusCode.Unavailable), new FakeStream([8], StatusCode.Internal), new FakeStream([9])]);

        var events = await Collect(ResumableEventStream.ReadAsync(
            (after, _) =>
            {
                opened.Add(after);
                return streams.Dequeue().AsCall();
            },
            afterSequence: 2,
            Retrier,
            TimeProvider.System,
            default));

        Assert.Equal([3L, 5, 8, 9], events.Select(e => e.Sequence));
        Assert.Equal([2L, 5, 8], opened);
    }

    [Fact]
    public async Task Read_NotFound_IsNotResumed()
    {
        var opened = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => Collect(ResumableEventStream.ReadAsync(
            (_, _) =>
            {
                opened++;
                return new FakeStream([], StatusCode.NotFound).AsCall();
            },
            0,
            Retrier,
            TimeProvider.System,
            default)));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(1, opened);
    }

    [Fact]
    public async Task Read_BreaksOnEveryConnection_GivesUpAfterTheRetryLimit()
    {
        var opened = 0;

        await Assert.ThrowsAsync<RpcException>(() => Collect(ResumableEventStream.ReadAsync(
            (_, _) =>
            {
                opened++;
                return new FakeStream([], StatusCode.Unavailable).AsCall();
            },
            0,
            Retrier,
            TimeProvider.System,
            default)));

        Assert.Equal(4, opened);
    }

    private static async Task<List<JobEvent>> Collect(IAsyncEnumerable<JobEvent> stream)
    {
        var events = new List<JobEvent>();
        await foreach (var item in stream)
        {
            events.Add(item);
        }

        return events;
    }
}
