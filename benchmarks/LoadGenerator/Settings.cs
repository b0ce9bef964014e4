using System.Globalization;

namespace MetaAnalysis.LoadGenerator;

/// <summary>The generator's command-line options.</summary>
internal sealed record Settings(double Rate, int Jobs, int Warmup, int InProcessWorkers, Uri? Address, string ApiKey, string Job, string Scenario, int Flood)
{
    public const string Usage = """
        Open-loop load on the service: jobs released on a fixed schedule, latency from release to result.

          --scenario steady|two-tenants
                                   steady (default): one tenant's jobs at --rate; two-tenants: tenant A
                                   submits --flood jobs in batches of 64 models as fast as it can while
                                   tenant B submits single jobs at --rate, and B's latencies are reported
          --rate N                 jobs offered per second (steady: 2000; two-tenants: tenant B's, 20)
          --jobs N                 measured jobs (steady: 10000; two-tenants: tenant B's, 1000)
          --flood N                two-tenants: tenant A's jobs (50000)
          --warmup N               jobs before the measured ones, offered at a rate ramped up linearly
                                   from zero (default: 10 s worth at the full rate, i.e. a 20 s ramp, long
                                   enough for the server's tiered JIT to settle; two-tenants: 20000,
                                   ramped up to 2000/s)
          --job exact|effect-sizes exact: an exact Bayesian random-effects fit of 10 effects with a
                                   half-normal(0.5) prior on tau (default); effect-sizes: effect sizes of
                                   8 effects, no fit (the cheapest job)
          --in-process-workers N   server worker slots (-1 = the server's default)
          --address URL            steady: an already running server (default: start one with a
                                   temporary SQLite file); two-tenants always starts its own
          --api-key KEY            the client key for --address
        """;

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        double Number(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var scenario = values.GetValueOrDefault("scenario", "steady");
        var twoTenants = scenario == "two-tenants";
        return new Settings(
            Number("rate", twoTenants ? 20 : 2000),
            (int)Number("jobs", twoTenants ? 1000 : 10_000),
            (int)Number("warmup", twoTenants ? 20_000 : 10 * Number("rate", 2000)),
            (int)Number("in-process-workers", -1),
            values.TryGetValue("address", out var address) ? new Uri(address) : null,
            values.GetValueOrDefault("api-key", string.Empty),
            values.GetValueOrDefault("job", "exact"),
            scenario,
            (int)Number("flood", 50_000));
    }
}
