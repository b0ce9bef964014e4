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
Console.WriteLine($"server: {address} (SQLite store, {(server is null ? "external" : slots)}), {Environment.ProcessorCount} cores, {settings.Job} jobs");
var memory = server is null ? null : new MemorySampler(server.ProcessId);
var warmup = await RunAsync(settings.Warmup, "warmup");
var before = memory?.Current() ?? 0;
var serverCpuBefore = memory?.CpuTime() ?? TimeSpan.Zero;
var ownCpuBefore = Environment.CpuUsage.TotalTime;
memory?.Start();
var measured = await RunAsync(settings.Jobs, "measured");
memory?.Stop();
var serverCpu = (memory?.CpuTime() ?? TimeSpan.Zero) - serverCpuBefore;
var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;
Report(warmup);
Report(measured);
if (memory is not null)
{
    Console.WriteLine($"server resident memory: {before / 1048576.0:F0} MiB after warmup, peak {memory.Peak / 1048576.0:F0} MiB, {memory.Current() / 1048576.0:F0} MiB at the end of {settings.Jobs} jobs");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU during the measured run: server {serverCpu.TotalSeconds:F2} s, load generator {ownCpu.TotalSeconds:F2} s ({1000 * serverCpu.TotalSeconds / settings.Jobs:F2} and {1000 * ownCpu.TotalSeconds / settings.Jobs:F2} ms per job)"));
}

return measured.Failed == 0 ? 0 : 1;

async Task<RunResult> RunAsync(int jobs, string name)
{
    var latencies = new double[jobs];
    var failed = 0;
    var clock = Stopwatch.StartNew();
    var pending = new List<Task>(jobs);
    for (var i = 0; i < jobs; i++)
    {
        var release = TimeSpan.FromSeconds(i / settings.Rate);
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
    return new RunResult(name, jobs, failed, clock.Elapsed, latencies.Where(double.IsFinite).Order().ToArray());
}

void Report(RunResult run)
{
    double Percentile(double p) => run.Latencies.Length == 0 ? double.NaN : run.Latencies[Math.Min(run.Latencies.Length - 1, (int)Math.Ceiling(p * run.Latencies.Length) - 1)];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{run.Name}: {run.Jobs} jobs offered at {settings.Rate}/s, {run.Jobs - run.Failed} completed, {run.Failed} failed in {run.Elapsed.TotalSeconds:F2} s = {(run.Jobs - run.Failed) / run.Elapsed.TotalSeconds:F0} jobs/s; submit-to-result ms: p50 {Percentile(0.5):F1}, p90 {Percentile(0.9):F1}, p99 {Percentile(0.99):F1}, p99.9 {Percentile(0.999):F1}, max {Percentile(1):F1}"));
}

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

internal sealed record RunResult(string Name, int Jobs, int Failed, TimeSpan Elapsed, double[] Latencies);
