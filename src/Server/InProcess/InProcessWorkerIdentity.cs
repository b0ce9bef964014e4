namespace MetaAnalysis.Server.InProcess;

/// <summary>
/// The worker id of this run's in-process workers: the server's instance name, then this run's own
/// suffix. Every run of one instance shares <see cref="Prefix"/>, so a restarted server can tell the
/// leases its earlier run held (dead with that process) from those of external workers and of other
/// replicas, which it must leave alone.
/// </summary>
public sealed class InProcessWorkerIdentity
{
    /// <summary>Names this run of the instance <paramref name="instanceName"/>.</summary>
    public InProcessWorkerIdentity(string instanceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceName);
        Prefix = $"in-process@{instanceName}#";
        WorkerId = Prefix + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>What the worker ids of every run of this instance begin with.</summary>
    public string Prefix { get; }

    /// <summary>The worker id of this run.</summary>
    public string WorkerId { get; }
}
