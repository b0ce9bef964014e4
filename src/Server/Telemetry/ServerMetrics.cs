using System.Diagnostics.Metrics;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Telemetry;

/// <summary>
/// The server's metrics, read by OpenTelemetry (meter <see cref="Name"/>): the queue's depth as this
/// replica sees it, and the leases that expired (the jobs requeued or failed because their worker stopped
/// reporting).
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string Name = "MetaAnalysis.Server";

    private readonly Counter<long> leasesExpired;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/>, observing <paramref name="store"/>.</summary>
    public ServerMetrics(IMeterFactory meters, IJobStore store)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(store);
        Meter = meters.Create(Name);
        Meter.CreateObservableGauge(
            "metaanalysis.queue.depth",
            () => store.QueuedCount,
            unit: "{job}",
            description: "Jobs waiting for a worker (with several replicas, each replica's view; they agree within seconds)");
        leasesExpired = Meter.CreateCounter<long>(
            "metaanalysis.leases.expired",
            unit: "{lease}",
            description: "Leases that ran out without a report from their worker; the job was requeued, or failed after its last attempt");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>Counts <paramref name="count"/> expired leases.</summary>
    public void LeasesExpired(int count) => leasesExpired.Add(count);
}
