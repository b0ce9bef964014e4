using Grpc.Core;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Tests.Streaming;

/// <summary>A server stream that yields some events and then ends or breaks with a status.</summary>
internal sealed class FakeStream : IAsyncStreamReader<JobEvent>
{
    private readonly Queue<JobEvent> events;
    private readonly StatusCode? breakWith;

    public FakeStream(IEnumerable<long> sequences, StatusCode? breakWith = null)
    {
        events = new Queue<JobEvent>(sequences.Select(s => new JobEvent { Sequence = s }));
        this.breakWith = breakWith;
    }

    public JobEvent Current { get; private set; } = new();

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (events.TryDequeue(out var next))
        {
            Current = next;
            return Task.FromResult(true);
        }

        return breakWith is { } status ? throw new RpcException(new Status(status, "broken")) : Task.FromResult(false);
    }

    public AsyncServerStreamingCall<JobEvent> AsCall() =>
        new(this, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
}
