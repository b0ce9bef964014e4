namespace MetaAnalysis.Worker.Runtime;

/// <summary>Settings of a worker process or of the server's in-process workers.</summary>
public sealed class WorkerOptions
{
    /// <summary>How many jobs the worker holds at once (0 = one per processor).</summary>
    /// <remarks>
    /// More slots than processors pay off for small jobs, whose slots spend most of their time waiting for
    /// the server to commit the lease and the result; <see cref="MaxParallelFits"/> still caps the fits
    /// that compute at the same time.
    /// </remarks>
    public int Concurrency { get; set; }

    /// <summary>How many fits compute at once (0 = one per processor).</summary>
    public int MaxParallelFits { get; set; }

    /// <summary>How often a running job's lease is renewed and its progress sent.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A name for the worker in events and logs (default: machine name and process id).</summary>
    public string WorkerId { get; set; } = string.Empty;

    /// <summary>The effective concurrency.</summary>
    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;

    /// <summary>The effective number of parallel fits.</summary>
    public int EffectiveParallelFits => MaxParallelFits > 0 ? MaxParallelFits : Environment.ProcessorCount;

    /// <summary>The effective worker name.</summary>
    public string EffectiveWorkerId => string.IsNullOrWhiteSpace(WorkerId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : WorkerId;
}
