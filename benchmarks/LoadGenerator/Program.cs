using System.Diagnostics;
using System.Globalization;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.LoadGenerator;

// Open-loop load on the service over loopback: jobs are released on a fixed schedule (not when the
// previous one returns), and each job's latency runs from its scheduled release to its result, so a
// server that falls behind shows in the latencies instead of slowing the generator down.
//
//   dotnet run -c Release --project benchmarks/LoadGenerator -- --rate 2000 --jobs 10000
//
// Options: --help.
if (args.Contains("--help"))
{
    Console.WriteLine(Settings.Usage);
    return 0;
}

var settings = Settings.Parse(args);
await using var server = settings.Address is null ? await ServerProcess.StartAsync(settings.InProcessWorkers) : null;
var address = settings.Address ?? server!.Address;
var apiKey = settings.Address is null ? ServerProcess.ApiKey : settings.ApiKey;
using var client = new MetaAnalysisClient(address, apiKey, new MetaAnalysisClientOptions { CallTimeout = TimeSpan.FromSeconds(60) });
var specs = Enumerable.Range(0, 256).Select(seed => settings.Job switch
{
    "exact" => ExactJob(seed),
    "effect-sizes" => EffectSizeJob(seed),
    _ => throw new ArgumentException($"--job must be exact or effect-sizes, got '{settings.Job}'", nameof(args)),
}).ToArray();

var slots = settings.InProcessWorkers < 0 ? "the default in-process worker slots" : $"{settings.InProcessWorkers} in-process worker slots";
Console.WriteLine($"server: {address} ({(server is null ? "already running" : $"started here: SQLite store, {slots}")}), {Environment.ProcessorCount} cores, {settings.Job} jobs");
var memory = server is null ? null : new MemorySampler(server.ProcessId);
var warmup = await RunAsync(settings.Warmup, "warmup", ramp: true);
var before = memory?.Current() ?? 0;
var serverCpuBefore = memory?.CpuTime() ?? TimeSpan.Zero;
var ownCpuBefore = Environment.CpuUsage.TotalTime;
memory?.Start();
var measured = await RunAsync(settings.Jobs, "measured", ramp: false);
memory?.Stop();
var serverCpu = (memory?.CpuTime() ?? TimeSpan.Zero) - serverCpuBefore;
var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;
Report(warmup);
Report(measured);
if (memory is not null)
{
    Console.WriteLine($"server resident memory: {before / 1048576.0:F0} MiB after warmup, peak {memory.Peak / 1048576.0:F0} MiB, {memory.Current() / 1048576.0:F0} MiB at the end of {settings.Jobs} jobs");
    var quarters = Enumerable.Range(0, 5).Select(q => memory.Samples[Math.Min(memory.Samples.Count - 1, q * (memory.Samples.Count - 1) / 4)] / 1048576.0);
    Console.WriteLine($"server resident memory at 0, 25, 50, 75 and 100 % of the measured run: {string.Join(", ", quarters.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))} MiB");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU during the measured run: server {serverCpu.TotalSeconds:F2} s, load generator {ownCpu.TotalSeconds:F2} s ({1000 * serverCpu.TotalSeconds / settings.Jobs:F2} and {1000 * ownCpu.TotalSeconds / settings.Jobs:F2} ms per job)"));
}

return measured.Failed == 0 ? 0 : 1;

// The warmup ramps the rate up linearly from zero, so a cold server (tiered JIT still compiling) is not
// buried under a backlog that the measured run would inherit; the measured run holds the rate.
async Task<RunResult> RunAsync(int jobs, string name, bool ramp)
{
    var latencies = new double[jobs];
    var failed = 0;
    var clock = Stopwatch.StartNew();
    var pending = new List<Task>(jobs);
    for (var i = 0; i < jobs; i++)
    {
        var release = TimeSpan.FromSeconds(ramp ? 2 * Math.Sqrt(i * (double)jobs) / settings.Rate : i / settings.Rate);
        var wait = release - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        var index = i;
        pending.Add(Task.Run(async () =>
        {
            try
            {
                var job = await client.SubmitAsync(specs[index % specs.Length], $"{name}-{index}-{Guid.NewGuid():N}");
                await job.GetResultAsync();
                latencies[index] = (clock.Elapsed - release).TotalMilliseconds;
            }
#pragma warning disable CA1031 // Every failure is counted and reported; the run goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (Interlocked.Increment(ref failed) <= 3)
                {
                    Console.Error.WriteLine($"job {index}: {exception.Message}");
                }

                latencies[index] = double.NaN;
            }
        }));
    }

    await Task.WhenAll(pending);
    return new RunResult(name, jobs, failed, clock.Elapsed, latencies, ramp);
}

void Report(RunResult run)
{
    var sorted = Sorted(run.Latencies);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{run.Name}: {run.Jobs} jobs offered at {(run.Ramped ? "a rate ramped up to " : string.Empty)}{settings.Rate}/s, {run.Jobs - run.Failed} completed, {run.Failed} failed in {run.Elapsed.TotalSeconds:F2} s = {(run.Jobs - run.Failed) / run.Elapsed.TotalSeconds:F0} jobs/s; submit-to-result ms: p50 {Percentile(sorted, 0.5):F1}, p90 {Percentile(sorted, 0.9):F1}, p99 {Percentile(sorted, 0.99):F1}, p99.9 {Percentile(sorted, 0.999):F1}, max {Percentile(sorted, 1):F1}"));

    // The whole run's p99 can hide a bad stretch (a stall, say): the worst second at the full rate shows it.
    if (run.Ramped)
    {
        return;
    }

    var perSecond = (int)Math.Max(1, settings.Rate);
    var (second, worst) = Enumerable.Range(0, (run.Latencies.Length + perSecond - 1) / perSecond)
        .Select(s => (Second: s, P99: Percentile(Sorted(run.Latencies.Skip(s * perSecond).Take(perSecond)), 0.99)))
        .MaxBy(window => window.P99);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name}: worst one-second window of releases: p99 {worst:F1} ms (second {second + 1})"));
}

static double[] Sorted(IEnumerable<double> latencies) => latencies.Where(double.IsFinite).Order().ToArray();

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];

static ModelSpec ExactJob(int seed)
{
    var (yi, vi) = Effects(seed, 10);
    return new AnalysisBuilder().RandomEffects().ExactBayes().TauPrior(ScalePriors.HalfNormal(0.5)).Build(DataSetBuilder.FromEffectSizes(yi, vi).Build());
}

static ModelSpec EffectSizeJob(int seed)
{
    var (yi, vi) = Effects(seed, 8);
    return new AnalysisBuilder().EffectSizesOnly().Build(DataSetBuilder.FromEffectSizes(yi, vi).Build());
}

static (double[] Yi, double[] Vi) Effects(int seed, int k)
{
    var random = new Random(seed);
    var yi = Enumerable.Range(0, k).Select(_ => random.NextDouble() - 0.5).ToArray();
    var vi = Enumerable.Range(0, k).Select(_ => 0.01 + (0.1 * random.NextDouble())).ToArray();
    return (yi, vi);
}

/// <summary>One run; <see cref="Latencies"/> in release order, NaN for a failed job.</summary>
internal sealed record RunResult(string Name, int Jobs, int Failed, TimeSpan Elapsed, double[] Latencies, bool Ramped);
