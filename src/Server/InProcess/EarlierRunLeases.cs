using MetaAnalysis.Server.Jobs;
using MetaAnalysis.Server.Storage;
using MetaAnalysis.Server.Telemetry;

namespace MetaAnalysis.Server.InProcess;

/// <summary>
/// At start-up, before any worker leases: jobs leased to the in-process workers of this server's earlier
/// run died with that process, so they go back to the queue at once instead of waiting out their leases.
/// </summary>
public sealed class EarlierRunLeases : IHostedService
{
    private readonly IJobStore store;
    private readonly JobService jobs;
    private readonly InProcessWorkerIdentity identity;
    private readonly ServerMetrics metrics;
    private readonly ILogger<EarlierRunLeases> logger;

    /// <summary>Creates the start-up step.</summary>
    public EarlierRunLeases(IJobStore store, JobService jobs, InProcessWorkerIdentity identity, ServerMetrics metrics, ILogger<EarlierRunLeases> logger)
    {
        this.store = store;
        this.jobs = jobs;
        this.identity = identity;
        this.metrics = metrics;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.ExpireLeasesAsync(identity.Prefix, identity.WorkerId).ConfigureAwait(false) == 0)
        {
            return;
        }

        var reaped = await jobs.ReapExpiredLeasesAsync().ConfigureAwait(false);
        metrics.LeasesExpired(reaped);
        Log.EarlierRunLeasesEnded(logger, reaped);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
