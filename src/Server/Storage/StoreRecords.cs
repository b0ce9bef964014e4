using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>A job to queue: its tenant, idempotency key (optional), the spec's hash and bytes.</summary>
public sealed record NewJob(string Tenant, string? IdempotencyKey, byte[] SpecHash, byte[] Spec);

/// <summary>
/// A batch to queue: one job per model, in order, and the data they share, stored once
/// (<see cref="BatchData.Encode"/>; null when the jobs' specs are whole).
/// </summary>
public sealed record NewBatch(string Tenant, string? IdempotencyKey, byte[] RequestHash, IReadOnlyList<NewBatchJob> Jobs, string Title = "", byte[]? SharedData = null);

/// <summary>One model of a batch: its spec, without the batch's shared data.</summary>
public sealed record NewBatchJob(string Name, byte[] Spec);

/// <summary>How many jobs may be queued: in all, and for any one tenant (so that one tenant filling its share never blocks the others).</summary>
public sealed record QueueLimits(int MaxQueued, int MaxQueuedPerTenant);

/// <summary>The job a submission created or, for a repeated idempotency key, found.</summary>
public sealed record SubmitOutcome(string JobId, bool Existing);

/// <summary>The batch a submission created or found.</summary>
public sealed record BatchSubmitOutcome(string BatchId, IReadOnlyList<string> JobIds, bool Existing);

/// <summary>A job handed to a worker for one attempt.</summary>
public sealed record LeaseGrant(string JobId, int Attempt, byte[] Spec);

/// <summary>A job as stored.</summary>
public sealed record StoredJob(
    long RowId,
    string JobId,
    string? BatchId,
    string Name,
    JobState State,
    int Attempt,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    byte[]? Result,
    byte[]? Failure,
    byte[]? Spec)
{
    /// <summary>Whether the job has ended (succeeded, failed or cancelled).</summary>
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

/// <summary>A batch as stored, with its jobs in model order.</summary>
public sealed record StoredBatch(string BatchId, byte[]? Comparison, IReadOnlyList<StoredJob> Jobs, string Title = "")
{
    /// <summary>Whether every job has ended and the comparison is made.</summary>
    public bool IsFinished => Comparison is not null;
}

/// <summary>What became of a worker's report.</summary>
public enum ReportOutcome
{
    /// <summary>The report was for the current attempt and was applied.</summary>
    Accepted,

    /// <summary>The job was cancelled; the worker should stop.</summary>
    Cancelled,

    /// <summary>The attempt is not the current one (lease expired, re-leased, job ended); refused.</summary>
    Stale,
}
