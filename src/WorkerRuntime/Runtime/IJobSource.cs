using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// Where a worker gets jobs and sends reports: the server over gRPC (<see cref="GrpcJobSource"/>) or, for
/// in-process workers, the server's queue directly. Every report names the job and attempt it is for.
/// </summary>
public interface IJobSource
{
    /// <summary>Waits (long poll) for a job; null when none arrived within the source's wait.</summary>
    Task<LeasedJob?> LeaseAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>Renews the lease and delivers progress.</summary>
    Task<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest heartbeat, CancellationToken cancellationToken);

    /// <summary>Delivers the result; false when the attempt is stale and the result was refused.</summary>
    Task<bool> CompleteAsync(CompleteRequest completion, CancellationToken cancellationToken);

    /// <summary>Reports a failure; false when the attempt is stale and the report was refused.</summary>
    Task<bool> FailAsync(FailRequest failure, CancellationToken cancellationToken);
}
