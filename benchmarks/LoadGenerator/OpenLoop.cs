using System.Diagnostics;
using System.Globalization;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.LoadGenerator;

/// <summary>
/// Open-loop load: jobs are released on a fixed schedule (not when the previous one returns), and each job's
/// latency runs from its scheduled release to its result, so a server that falls behind shows in the
/// latencies instead of slowing the generator down.
/// </summary>
internal static class OpenLoop
{
    /// <summary>
    /// Offers <paramref name="jobs"/> jobs at <paramref name="rate"/> per second through <paramref name="client"/>.
    /// A ramped run raises the rate linearly from zero, so a cold server (tiered JIT still compiling) is not
    /// buried under a backlog that the measured run would inherit.
    /// </summary>
    public static async Task<RunResult> RunAsync(MetaAnalysisClient client, IReadOnlyList<ModelSpec> specs, int jobs, double rate, string name, bool ramp)
    {
        var latencies = new double[jobs];
        var releases = new double[jobs];
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>(jobs);
        for (var i = 0; i < jobs; i++)
        {
            var release = TimeSpan.FromSeconds(ramp ? 2 * Math.Sqrt(i * (double)jobs) / rate : i / rate);
            releases[i] = release.TotalSeconds;
            var wait = release - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            var index = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var job = await client.SubmitAsync(specs[index % specs.Count], $"{name}-{index}-{Guid.NewGuid():N}").ConfigureAwait(false);
                    await UntilEndedAsync(job.WatchAsync()).ConfigureAwait(false);
                    latencies[index] = (clock.Elapsed - release).TotalMilliseconds;
                }
#pragma warning disable CA1031 // Every failure is counted and reported; the run goes on.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    if (Interlocked.Increment(ref failed) <= 3)
                    {
                        await Console.Error.WriteLineAsync($"{name} job {index}: {exception.Message}").ConfigureAwait(false);
                    }

                    latencies[index] = double.NaN;
                }
            }));
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        return new RunResult(name, jobs, failed, clock.Elapsed, latencies, releases, rate, ramp);
    }

    /// <summary>
    /// Reads a job's stream, or with <paramref name="batch"/> a batch's, up to its final event (a job's result;
    /// a batch's completion, after every job's result). The generator watches rather than calling
    /// <c>GetResultAsync</c>, which polls with pauses of 250 ms and more: the latency measured is the service's,
    /// not the poll interval's.
    /// </summary>
    /// <exception cref="InvalidOperationException">A job failed or was cancelled.</exception>
    public static async Task UntilEndedAsync(IAsyncEnumerable<JobEvent> events, bool batch = false)
    {
        ArgumentNullException.ThrowIfNull(events);
        await foreach (var item in events.ConfigureAwait(false))
        {
            switch (item.KindCase)
            {
                case JobEvent.KindOneofCase.Failed or JobEvent.KindOneofCase.Cancelled:
                    throw new InvalidOperationException($"job {item.JobId} ended as {item.KindCase}: {item.Failed?.Message}");
                case JobEvent.KindOneofCase.BatchCompleted:
                case JobEvent.KindOneofCase.Result when !batch:
                    return;
            }
        }
    }

    /// <summary>Prints the run's throughput and latency percentiles, and for a run at a held rate its worst second.</summary>
    public static void Report(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{run.Name}: {run.Jobs} jobs offered at {(run.Ramped ? "a rate ramped up to " : string.Empty)}{run.Rate}/s, {run.Jobs - run.Failed} completed, {run.Failed} failed in {run.Elapsed.TotalSeconds:F2} s = {(run.Jobs - run.Failed) / run.Elapsed.TotalSeconds:F0} jobs/s; submit-to-result ms: {Latencies.Summary(run.Latencies)}"));

        // The whole run's p99 can hide a bad stretch (a stall, say): the worst second at the full rate shows it.
        if (run.Ramped)
        {
            return;
        }

        var perSecond = (int)Math.Max(1, run.Rate);
        var (second, worst) = Enumerable.Range(0, (run.Latencies.Length + perSecond - 1) / perSecond)
            .Select(s => (Second: s, P99: Latencies.Percentile(Latencies.Sorted(run.Latencies.Skip(s * perSecond).Take(perSecond)), 0.99)))
            .MaxBy(window => window.P99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name}: worst one-second window of releases: p99 {worst:F1} ms (second {second + 1})"));
    }
}

/// <summary>One run; <see cref="Latencies"/> in release order, NaN for a failed job; <see cref="Releases"/> in seconds from the run's start.</summary>
internal sealed record RunResult(string Name, int Jobs, int Failed, TimeSpan Elapsed, double[] Latencies, double[] Releases, double Rate, bool Ramped);

/// <summary>Percentiles of latencies in ms (NaN marks a failed job and is left out).</summary>
internal static class Latencies
{
    public static double[] Sorted(IEnumerable<double> latencies) => [.. latencies.Where(double.IsFinite).Order()];

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];

    public static string Summary(IEnumerable<double> latencies)
    {
        var sorted = Sorted(latencies);
        return string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(sorted, 0.5):F1}, p90 {Percentile(sorted, 0.9):F1}, p99 {Percentile(sorted, 0.99):F1}, p99.9 {Percentile(sorted, 0.999):F1}, max {Percentile(sorted, 1):F1}");
    }
}
