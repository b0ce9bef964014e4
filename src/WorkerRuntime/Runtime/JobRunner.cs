using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Worker.Telemetry;
using Microsoft.Extensions.Logging;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// Runs one leased job: fits it on a pool thread while renewing the lease with heartbeats that carry the
/// fitter's progress, then reports the result or the failure for that attempt.
/// </summary>
/// <remarks>
/// A heartbeat answered with "cancel" or "lease lost" stops the fit and nothing more is reported: the job
/// is either cancelled or already another attempt's. When the worker itself stops, the fit is abandoned
/// unreported; its lease expires and the job goes back to the queue (at-least-once).
/// </remarks>
public sealed class JobRunner : IDisposable
{
    private readonly IJobSource source;
    private readonly FitterCatalog catalog;
    private readonly WorkerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim fits;
    private readonly WorkerMetrics? metrics;

    /// <summary>Creates a runner that reports to <paramref name="source"/> (and records <paramref name="metrics"/>, when given).</summary>
    public JobRunner(IJobSource source, FitterCatalog catalog, WorkerOptions options, TimeProvider time, ILogger logger, WorkerMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.source = source;
        this.catalog = catalog;
        this.options = options;
        this.time = time;
        this.logger = logger;
        fits = new SemaphoreSlim(options.EffectiveParallelFits);
    }

    /// <inheritdoc />
    public void Dispose() => fits.Dispose();

    /// <summary>Runs <paramref name="job"/> to its end, or until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(LeasedJob job, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = time.GetTimestamp();
        using var activity = WorkerMetrics.StartAttempt(job);
        var outcome = await RunAttemptAsync(job, activity, stopping).ConfigureAwait(false);
        metrics?.AttemptEnded(job, outcome, time.GetElapsedTime(started), activity);
    }

    /// <summary>Runs the attempt; returns how it ended (succeeded, failed, refused, cancelled, lease_lost, abandoned).</summary>
    private async Task<string> RunAttemptAsync(LeasedJob job, System.Diagnostics.Activity? activity, CancellationToken stopping)
    {
        Log.JobLeased(logger, job.JobId, job.Attempt);
        var buffer = new FitObserverBuffer();
        using var fitCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var fit = Task.Run(() => FitAsync(job, buffer, fitCancellation.Token), CancellationToken.None);
        var interval = HeartbeatInterval(job);
        while (!fit.IsCompleted)
        {
            await UntilDoneOrDueAsync(fit, interval, stopping).ConfigureAwait(false);
            if (fit.IsCompleted)
            {
                break;
            }

            if (stopping.IsCancellationRequested)
            {
                await StopAsync(fit, fitCancellation).ConfigureAwait(false);
                Log.JobAbandoned(logger, job.JobId, job.Attempt);
                return "abandoned";
            }

            var heartbeat = new HeartbeatRequest { JobId = job.JobId, Attempt = job.Attempt };
            buffer.TakeInto(heartbeat);
            var outcome = await source.HeartbeatAsync(heartbeat, stopping).ConfigureAwait(false);
            if (outcome is HeartbeatOutcome.Cancel or HeartbeatOutcome.LeaseLost)
            {
                await StopAsync(fit, fitCancellation).ConfigureAwait(false);
                Log.JobStopped(logger, job.JobId, job.Attempt, outcome);
                return outcome == HeartbeatOutcome.Cancel ? "cancelled" : "lease_lost";
            }
        }

        return await ReportAsync(job, fit, activity, stopping).ConfigureAwait(false);
    }

    private async Task<FitResult> FitAsync(LeasedJob job, FitObserverBuffer buffer, CancellationToken cancellationToken)
    {
        // A slot may hold a leased job while it waits for a processor; its heartbeats keep the lease.
        await fits.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return catalog.Fit(job.Spec, buffer, cancellationToken);
        }
        finally
        {
            fits.Release();
        }
    }

    /// <summary>
    /// Waits until the fit ends, the next heartbeat is due or the worker stops, whichever comes first,
    /// without throwing: how the fit ended is read afterwards. WaitAsync drops its timer as soon as the fit
    /// ends, so short jobs leave no timers behind.
    /// </summary>
    private Task UntilDoneOrDueAsync(Task fit, TimeSpan interval, CancellationToken stopping) =>
        fit.WaitAsync(interval, time, stopping).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>An unexpected exception: its text may carry internals, so the client gets an error id to quote and the log the details.</summary>
    private JobFailure Defect(LeasedJob job, Exception exception)
    {
        var errorId = FitFailures.NewErrorId();
        Log.EngineError(logger, exception, job.JobId, job.Attempt, errorId);
        return FitFailures.Defect(errorId, "worker");
    }

    private TimeSpan HeartbeatInterval(LeasedJob job)
    {
        // Three heartbeats per lease, so one lost heartbeat does not lose the lease.
        var thirdOfLease = job.LeaseSeconds > 0 ? TimeSpan.FromSeconds(job.LeaseSeconds / 3) : options.HeartbeatInterval;
        return thirdOfLease < options.HeartbeatInterval ? thirdOfLease : options.HeartbeatInterval;
    }

    private async Task<string> ReportAsync(LeasedJob job, Task<FitResult> fit, System.Diagnostics.Activity? activity, CancellationToken stopping)
    {
        JobFailure failure;
        try
        {
            var result = await fit.ConfigureAwait(false);
            metrics?.FitFinished(job, result, activity);
            var accepted = await source.CompleteAsync(new CompleteRequest { JobId = job.JobId, Attempt = job.Attempt, Result = result }, stopping).ConfigureAwait(false);
            if (accepted)
            {
                Log.JobCompleted(logger, job.JobId, job.Attempt);
            }
            else
            {
                Log.ReportRefused(logger, job.JobId, job.Attempt);
            }

            return accepted ? "succeeded" : "refused";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Log.JobAbandoned(logger, job.JobId, job.Attempt);
            return "abandoned";
        }
#pragma warning disable CA1031 // Any engine exception must end the job as failed rather than kill the worker.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = FitFailures.Describe(exception) ?? Defect(job, exception);
        }

        Log.JobFailed(logger, job.JobId, job.Attempt, failure.Kind, failure.Message);
        var refused = !await source.FailAsync(new FailRequest { JobId = job.JobId, Attempt = job.Attempt, Failure = failure }, stopping).ConfigureAwait(false);
        if (refused)
        {
            Log.ReportRefused(logger, job.JobId, job.Attempt);
        }

        return refused ? "refused" : "failed";
    }

    private static async Task StopAsync(Task<FitResult> fit, CancellationTokenSource fitCancellation)
    {
        await fitCancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await fit.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The fit is being thrown away; how it ended no longer matters.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
