using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>A job row locked by a write, with the store's clock when it was read (by which its lease is judged).</summary>
public sealed record LockedJob(string Tenant, JobState State, int Attempt, string? BatchId, DateTimeOffset? LeaseExpires, DateTimeOffset StoreTime);

/// <summary>The job a lease claimed: its new attempt number and its spec.</summary>
public sealed record ClaimedJob(string JobId, int Attempt, byte[] Spec, string? BatchId, string Tenant);

/// <summary>A running job whose lease ran out, locked by the write that reaps it.</summary>
public sealed record ExpiredLease(string JobId, int Attempt, string? BatchId, string Tenant);

/// <summary>A job of a batch that has not ended (queued or running).</summary>
public sealed record OpenJob(string JobId, JobState State);

/// <summary>A job or batch found by its idempotency key, with the hash of what was submitted under it.</summary>
public sealed record KeyedSubmission(string Id, byte[] Hash);

/// <summary>The row of a new queued job.</summary>
public sealed record NewJobRow(string JobId, string Tenant, string? BatchId, string Name, string? IdempotencyKey, byte[] SpecHash, byte[] Spec);

/// <summary>How a batch's job stands, for the batch's comparison table.</summary>
public sealed record BatchJobOutcome(string JobId, string Name, JobState State, byte[]? Result);
