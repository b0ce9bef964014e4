using MetaAnalysis.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace MetaAnalysis.Worker.Runtime;

/// <summary>
/// A worker: a fixed number of slots, each leasing a job, running it, and leasing the next, until stopped.
/// </summary>
public sealed class WorkerLoop
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly IJobSource source;
    private readonly JobRunner runner;
    private readonly WorkerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates a worker over <paramref name="source"/>.</summary>
    public WorkerLoop(IJobSource source, JobRunner runner, WorkerOptions options, TimeProvider time, ILogger logger)
    {
        this.source = source;
        this.runner = runner;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Runs every slot until <paramref name="stopping"/> fires.</summary>
    public Task RunAsync(CancellationToken stopping)
    {
        var slots = options.EffectiveConcurrency;
        Log.WorkerStarted(logger, options.EffectiveWorkerId, slots);
        return Task.WhenAll(Enumerable.Range(0, slots).Select(slot => Task.Run(() => SlotAsync(slot, stopping), CancellationToken.None)));
    }

    private async Task SlotAsync(int slot, CancellationToken stopping)
    {
        var workerId = options.EffectiveConcurrency > 1 ? $"{options.EffectiveWorkerId}/{slot}" : options.EffectiveWorkerId;
        while (!stopping.IsCancellationRequested)
        {
            LeasedJob? job;
            try
            {
                job = await source.LeaseAsync(workerId, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A server that is down or restarting must not end the worker; it retries.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.LeaseFailed(logger, exception, RetryDelay);
                await Task.WhenAny(Task.Delay(RetryDelay, time, stopping)).ConfigureAwait(false);
                continue;
            }

            if (job is not null)
            {
                await runner.RunAsync(job, stopping).ConfigureAwait(false);
            }
        }
    }
}
