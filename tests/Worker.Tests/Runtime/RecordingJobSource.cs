using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Worker.Runtime;

namespace MetaAnalysis.Worker.Tests.Runtime;

/// <summary>A job source that records every report and answers heartbeats as told.</summary>
internal sealed class RecordingJobSource : IJobSource
{
    public List<HeartbeatRequest> Heartbeats { get; } = [];

    public List<CompleteRequest> Completions { get; } = [];

    public List<FailRequest> Failures { get; } = [];

    public HeartbeatOutcome HeartbeatAnswer { get; set; } = HeartbeatOutcome.Continue;

    /// <summary>When set, answers each heartbeat instead of <see cref="HeartbeatAnswer"/>.</summary>
    public Func<HeartbeatRequest, HeartbeatOutcome>? Answer { get; set; }

    public TaskCompletionSource FirstHeartbeat { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<LeasedJob?> LeaseAsync(string workerId, CancellationToken cancellationToken) => Task.FromResult<LeasedJob?>(null);

    public Task<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken)
    {
        lock (Heartbeats)
        {
            Heartbeats.Add(heartbeat);
        }

        FirstHeartbeat.TrySetResult();
        return Task.FromResult(Answer?.Invoke(heartbeat) ?? HeartbeatAnswer);
    }

    public Task<bool> CompleteAsync(CompleteRequest completion, CancellationToken cancellationToken)
    {
        Completions.Add(completion);
        return Task.FromResult(true);
    }

    public Task<bool> FailAsync(FailRequest failure, CancellationToken cancellationToken)
    {
        Failures.Add(failure);
        return Task.FromResult(true);
    }
}
