using MetaAnalysis.Server.Telemetry;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// At least once: a job whose worker stops heartbeating goes back to the queue when its lease expires,
/// and fails after the attempt limit. This service looks for expired leases every
/// <see cref="ServiceOptions.ReaperInterval"/> on the injected clock.
/// </summary>
public sealed class LeaseReaper : BackgroundService
{
    private readonly JobService jobs;
    private readonly ServiceOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<LeaseReaper> logger;
    private readonly ServerMetrics metrics;

    /// <summary>Creates the reaper.</summary>
    public LeaseReaper(JobService jobs, ServiceOptions options, TimeProvider time, ILogger<LeaseReaper> logger, ServerMetrics metrics)
    {
        this.metrics = metrics;
        this.jobs = jobs;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReaperInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var reaped = await jobs.ReapExpiredLeasesAsync().ConfigureAwait(false);
                    if (reaped > 0)
                    {
                        metrics.LeasesExpired(reaped);
                        Log.LeasesExpired(logger, reaped);
                    }
                }
#pragma warning disable CA1031 // A failed sweep (e.g. disk full) is logged and tried again at the next tick.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    Log.ReaperFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
