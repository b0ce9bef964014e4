namespace MetaAnalysis.Worker.Runtime;

/// <summary>Settings of a worker process or of the server's in-process workers.</summary>
public sealed class WorkerOptions
{
    /// <summary>How many jobs the worker fits at once (0 = one per processor).</summary>
    public int Concurrency { get; set; }

    /// <summary>How often a running job's lease is renewed and its progress sent.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A name for the worker in events and logs (default: machine name and process id).</summary>
    public string WorkerId { get; set; } = string.Empty;

    /// <summary>The effective concurrency.</summary>
    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;

    /// <summary>The effective worker name.</summary>
    public string EffectiveWorkerId => string.IsNullOrWhiteSpace(WorkerId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : WorkerId;
}
