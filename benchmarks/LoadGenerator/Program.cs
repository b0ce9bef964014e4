using System.Globalization;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.LoadGenerator;

// Open-loop load on the service over loopback (see OpenLoop): the steady scenario offers one tenant's jobs
// at a fixed rate; the two-tenant scenario floods the queue from one tenant while another submits single
// jobs (see TwoTenantScenario).
//
//   dotnet run -c Release --project benchmarks/LoadGenerator -- --rate 2000 --jobs 10000
//   dotnet run -c Release --project benchmarks/LoadGenerator -- --scenario two-tenants
//
// Options: --help.
if (args.Contains("--help"))
{
    Console.WriteLine(Settings.Usage);
    return 0;
}

var settings = Settings.Parse(args);
if (settings.Scenario == "two-tenants")
{
    return await TwoTenantScenario.RunAsync(settings);
}

if (settings.Scenario != "steady")
{
    throw new ArgumentException($"--scenario must be steady or two-tenants, got '{settings.Scenario}'", nameof(args));
}

// One tenant takes the whole queue here: an overloaded run shows as latency, not as refused jobs.
await using var server = settings.Address is null ? await ServerProcess.StartAsync(settings.InProcessWorkers, new Dictionary<string, string> { ["Service:MaxQueuedJobsPerTenant"] = "100000" }) : null;
var address = settings.Address ?? server!.Address;
var apiKey = settings.Address is null ? ServerProcess.ApiKey : settings.ApiKey;
using var client = new MetaAnalysisClient(address, apiKey, new MetaAnalysisClientOptions { CallTimeout = TimeSpan.FromSeconds(60) });
var specs = LoadJobs.Specs(settings.Job);

var slots = settings.InProcessWorkers < 0 ? "the default in-process worker slots" : $"{settings.InProcessWorkers} in-process worker slots";
Console.WriteLine($"server: {address} ({(server is null ? "already running" : $"started here: SQLite store, {slots}")}), {Environment.ProcessorCount} cores, {settings.Job} jobs");
var memory = server is null ? null : new MemorySampler(server.ProcessId);
var warmup = await OpenLoop.RunAsync(client, specs, settings.Warmup, settings.Rate, "warmup", ramp: true);
var before = memory?.Current() ?? 0;
var serverCpuBefore = memory?.CpuTime() ?? TimeSpan.Zero;
var ownCpuBefore = Environment.CpuUsage.TotalTime;
memory?.Start();
var measured = await OpenLoop.RunAsync(client, specs, settings.Jobs, settings.Rate, "measured", ramp: false);
memory?.Stop();
var serverCpu = (memory?.CpuTime() ?? TimeSpan.Zero) - serverCpuBefore;
var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;
OpenLoop.Report(warmup);
OpenLoop.Report(measured);
if (memory is not null)
{
    Console.WriteLine($"server resident memory: {before / 1048576.0:F0} MiB after warmup, peak {memory.Peak / 1048576.0:F0} MiB, {memory.Current() / 1048576.0:F0} MiB at the end of {settings.Jobs} jobs");
    var quarters = Enumerable.Range(0, 5).Select(q => memory.Samples[Math.Min(memory.Samples.Count - 1, q * (memory.Samples.Count - 1) / 4)] / 1048576.0);
    Console.WriteLine($"server resident memory at 0, 25, 50, 75 and 100 % of the measured run: {string.Join(", ", quarters.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))} MiB");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU during the measured run: server {serverCpu.TotalSeconds:F2} s, load generator {ownCpu.TotalSeconds:F2} s ({1000 * serverCpu.TotalSeconds / settings.Jobs:F2} and {1000 * ownCpu.TotalSeconds / settings.Jobs:F2} ms per job)"));
}

return measured.Failed == 0 ? 0 : 1;
