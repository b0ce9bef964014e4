using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>One batch, or one job submitted on its own, as the dashboard lists a tenant's work.</summary>
/// <param name="Id">The batch id, or the job id of a job submitted on its own.</param>
/// <param name="IsBatch">Whether <paramref name="Id"/> names a batch.</param>
/// <param name="Title">The batch's title, or the job's name (either may be empty).</param>
/// <param name="Created">When it was submitted.</param>
/// <param name="JobStates">How many of its jobs are in each state.</param>
public sealed record WorkSummary(string Id, bool IsBatch, string Title, DateTimeOffset Created, IReadOnlyDictionary<JobState, int> JobStates)
{
    /// <summary>Its number of jobs.</summary>
    public int Jobs => JobStates.Values.Sum();

    /// <summary>Whether every job has ended.</summary>
    public bool IsFinished => JobStates.Where(s => s.Value > 0).All(s => s.Key is JobState.Succeeded or JobState.Failed or JobState.Cancelled);

    /// <summary>
    /// The newest <paramref name="limit"/> of a tenant's batches and single jobs, newest first, from the rows
    /// each store reads: (batch id, title, created, state, count) per batch and state, (job id, name, created,
    /// state) per single job.
    /// </summary>
    internal static IReadOnlyList<WorkSummary> Merge(
        IEnumerable<(string BatchId, string Title, DateTimeOffset Created, JobState State, int Count)> batchStates,
        IEnumerable<(string JobId, string Name, DateTimeOffset Created, JobState State)> singleJobs,
        int limit)
    {
        var batches = batchStates
            .GroupBy(row => row.BatchId, StringComparer.Ordinal)
            .Select(group => new WorkSummary(
                group.Key,
                IsBatch: true,
                group.First().Title,
                group.First().Created,
                group.ToDictionary(row => row.State, row => row.Count)));
        var jobs = singleJobs.Select(job => new WorkSummary(job.JobId, IsBatch: false, job.Name, job.Created, new Dictionary<JobState, int> { [job.State] = 1 }));
        return batches.Concat(jobs).OrderByDescending(work => work.Created).ThenBy(work => work.Id, StringComparer.Ordinal).Take(limit).ToArray();
    }
}
