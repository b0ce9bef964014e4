using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>The reads of the job store: they see committed writes only and change nothing.</summary>
public interface IJobReader
{
    /// <summary>The tenant's job, or null.</summary>
    Task<StoredJob?> GetJobAsync(string tenant, string jobId, bool includeSpec, CancellationToken cancellationToken);

    /// <summary>The tenant's batch with its jobs, or null.</summary>
    Task<StoredBatch?> GetBatchAsync(string tenant, string batchId, CancellationToken cancellationToken);

    /// <summary>The tenant's jobs in submission order after <paramref name="afterRowId"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredJob>> ListJobsAsync(string tenant, JobState state, string? batchId, long afterRowId, int limit, CancellationToken cancellationToken);

    /// <summary>The tenant's newest <paramref name="limit"/> batches and jobs submitted on their own, newest first, with their jobs' states.</summary>
    Task<IReadOnlyList<WorkSummary>> ListRecentWorkAsync(string tenant, int limit, CancellationToken cancellationToken);

    /// <summary>The data the jobs of a batch share (<see cref="BatchData.Encode"/>), or null when its jobs' specs are whole.</summary>
    /// <remarks>Written with its batch and never changed, so it may be read after any write that found the batch.</remarks>
    Task<byte[]?> ReadBatchDataAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>The events of a stream (<see cref="StreamKeys"/>) after <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string stream, long afterSequence, int limit, CancellationToken cancellationToken);
}
