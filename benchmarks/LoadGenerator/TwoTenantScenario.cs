using System.Diagnostics;
using System.Globalization;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.LoadGenerator;

/// <summary>
/// Fairness between tenants: tenant A floods the queue with <see cref="Settings.Flood"/> jobs, submitted as
/// batches of the most models a batch may hold as fast as the server takes them, while tenant B submits
/// single jobs on an open-loop schedule. B's submit-to-result latencies say whether A's backlog makes B wait.
/// </summary>
internal static class TwoTenantScenario
{
    /// <summary>A's batches submitted but not yet acknowledged at once; their results are awaited beside.</summary>
    private const int SubmissionsInFlight = 8;

    public static async Task<int> RunAsync(Settings settings)
    {
        // A's flood must fit in its share of the queue: the limit is the subject of another test.
        var limits = new Dictionary<string, string>
        {
            ["Service:MaxQueuedJobsPerTenant"] = Math.Max(10_000, settings.Flood).ToString(CultureInfo.InvariantCulture),
            ["Service:MaxQueuedJobs"] = Math.Max(100_000, settings.Flood + settings.Jobs).ToString(CultureInfo.InvariantCulture),
        };
        await using var server = await ServerProcess.StartAsync(settings.InProcessWorkers, limits);
        var options = new MetaAnalysisClientOptions { CallTimeout = TimeSpan.FromSeconds(300) };
        using var a = new MetaAnalysisClient(server.Address, ServerProcess.ApiKey, options);
        using var b = new MetaAnalysisClient(server.Address, ServerProcess.SecondApiKey, options);
        var specs = LoadJobs.Specs(settings.Job);
        var slots = settings.InProcessWorkers < 0 ? "the default in-process worker slots" : $"{settings.InProcessWorkers} in-process worker slots";
        Console.WriteLine($"server: {server.Address} (started here: SQLite store, {slots}), {Environment.ProcessorCount} cores, {settings.Job} jobs; load average {LoadAverage()}");
        Console.WriteLine($"tenant A: {settings.Flood} jobs in batches of {SpecLimits.MaxBatchModels} models, {SubmissionsInFlight} submissions in flight; tenant B: {settings.Jobs} single jobs at {settings.Rate.ToString(CultureInfo.InvariantCulture)}/s");
        OpenLoop.Report(await OpenLoop.RunAsync(b, specs, settings.Warmup, 2000, "warmup (tenant B)", ramp: true));

        var memory = new MemorySampler(server.ProcessId);
        var serverCpuBefore = memory.CpuTime();
        var ownCpuBefore = Environment.CpuUsage.TotalTime;
        var loadBefore = LoadAverage();
        memory.Start();
        var clock = Stopwatch.StartNew();
        var flood = FloodAsync(a, specs, settings.Flood, clock);
        var single = OpenLoop.RunAsync(b, specs, settings.Jobs, settings.Rate, "tenant B", ramp: false);
        var floodResult = await flood;
        var singleResult = await single;
        memory.Stop();
        var serverCpu = memory.CpuTime() - serverCpuBefore;
        var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"tenant A: {floodResult.Jobs} jobs in {floodResult.Batches} batches, {floodResult.FailedBatches} batches failed; all submitted after {floodResult.SubmittedAfter:F2} s, all results after {floodResult.FinishedAfter:F2} s = {floodResult.Jobs / floodResult.FinishedAfter:F0} jobs/s"));
        OpenLoop.Report(singleResult);
        ReportPhase(singleResult, "while tenant A had jobs outstanding", 0, floodResult.FinishedAfter);
        ReportPhase(singleResult, "while tenant A was still submitting", 0, floodResult.SubmittedAfter);
        ReportPhase(singleResult, "after A's last submission, before its last result", floodResult.SubmittedAfter, floodResult.FinishedAfter);
        ReportPhase(singleResult, "after A's last result", floodResult.FinishedAfter, double.PositiveInfinity);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"server resident memory: peak {memory.Peak / 1048576.0:F0} MiB; CPU: server {serverCpu.TotalSeconds:F1} s, load generator {ownCpu.TotalSeconds:F1} s over {clock.Elapsed.TotalSeconds:F1} s; load average {loadBefore} before, {LoadAverage()} after"));
        return floodResult.FailedBatches == 0 && singleResult.Failed == 0 ? 0 : 1;
    }

    /// <summary>Submits <paramref name="jobs"/> jobs as batches over one small data set each, and awaits every batch's result.</summary>
    private static async Task<FloodResult> FloodAsync(MetaAnalysisClient client, ModelSpec[] specs, int jobs, Stopwatch clock)
    {
        using var inFlight = new SemaphoreSlim(SubmissionsInFlight);
        var results = new List<Task>();
        var failed = 0;
        var batches = 0;
        for (var first = 0; first < jobs; first += SpecLimits.MaxBatchModels)
        {
            var spec = specs[batches % specs.Length];
            var request = new SubmitBatchRequest { Data = spec.Data, Title = $"flood {batches}" };
            for (var i = first; i < Math.Min(jobs, first + SpecLimits.MaxBatchModels); i++)
            {
                request.Models.Add(new NamedModel { Name = $"model {i - first}", Model = spec.Model, Engine = spec.Engine, Priors = spec.Priors });
            }

            await inFlight.WaitAsync().ConfigureAwait(false);
            batches++;
            results.Add(Task.Run(async () =>
            {
                try
                {
                    BatchHandle batch;
                    try
                    {
                        batch = await client.SubmitBatchAsync(request, $"flood-{first}-{Guid.NewGuid():N}").ConfigureAwait(false);
                    }
                    finally
                    {
                        inFlight.Release();
                    }

                    await OpenLoop.UntilEndedAsync(batch.WatchAsync(), batch: true).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Every failure is counted and reported; the run goes on.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    if (Interlocked.Increment(ref failed) <= 3)
                    {
                        await Console.Error.WriteLineAsync($"tenant A batch at job {first}: {exception.Message}").ConfigureAwait(false);
                    }
                }
            }));
        }

        // Every batch has been handed to the server once the last submission is acknowledged.
        for (var i = 0; i < SubmissionsInFlight; i++)
        {
            await inFlight.WaitAsync().ConfigureAwait(false);
        }

        var submitted = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(results).ConfigureAwait(false);
        return new FloodResult(jobs, batches, failed, submitted, clock.Elapsed.TotalSeconds);
    }

    /// <summary>B's latencies for the jobs released between <paramref name="from"/> and <paramref name="until"/> (seconds into the run).</summary>
    private static void ReportPhase(RunResult run, string phase, double from, double until)
    {
        var latencies = Enumerable.Range(0, run.Jobs).Where(i => run.Releases[i] >= from && run.Releases[i] < until).Select(i => run.Latencies[i]).ToList();
        Console.WriteLine($"tenant B, the {latencies.Count} jobs released {phase}: submit-to-result ms: {Latencies.Summary(latencies)}");
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed record FloodResult(int Jobs, int Batches, int FailedBatches, double SubmittedAfter, double FinishedAfter);
}
