using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Benchmarks;

/// <summary>
/// Eight schools, non-centred (μ ~ N(0, 5²), τ ~ half-Cauchy(5), as in Stan's case study), 4 chains of
/// 1,000 draws after 1,000 warm-up on 2 cores: the time of a whole run, and the bulk ESS of τ and ESS per
/// second in extra columns.
/// </summary>
[Config(typeof(Config))]
[SimpleJob(warmupCount: 3, iterationCount: 20)]
public class NutsBenchmarks
{
    internal static readonly NonCentredRandomEffectsModel EightSchools = new(
        EffectData.Create([28, 8, -3, 7, -1, 1, 18, 12], [225, 100, 256, 121, 81, 121, 100, 324]),
        NormalPrior.Create(0, 5),
        ScalePrior.HalfCauchy(5));

    internal static SamplerOptions Options(ulong seed) => new()
    {
        Chains = 4,
        WarmupIterations = 1000,
        SamplingIterations = 1000,
        MaxDegreeOfParallelism = 2,
        Seed = seed,
    };

    private ulong seed;
    private SamplingResult? diagnosticsInput;

    /// <summary>Samples once for the diagnostics benchmark.</summary>
    [GlobalSetup]
    public void Setup() => diagnosticsInput = Sampler.Run(EightSchools, Options(1));

    /// <summary>One full run; a new seed each time so the time averages over runs, as the ESS column does.</summary>
    [Benchmark]
    public SamplingResult EightSchoolsNonCentred() => Sampler.Run(EightSchools, Options(++seed));

    /// <summary>The diagnostic report (summaries, MCSE, ESS, R-hat) of μ and τ for one run.</summary>
    [Benchmark]
    public DiagnosticReport EightSchoolsDiagnostics() => DiagnosticReport.Create(diagnosticsInput!, ["mu", "tau"]);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new TauEssColumn(perSecond: false), new TauEssColumn(perSecond: true));
        }
    }

    /// <summary>Mean bulk ESS of τ over 20 seeded runs, or that divided by the benchmark's mean time.</summary>
    private sealed class TauEssColumn(bool perSecond) : IColumn
    {
        private static readonly Lazy<double> MeanEss = new(() =>
            Enumerable.Range(1, 20).Average(s => EffectiveSampleSize.Bulk(Sampler.Run(EightSchools, Options((ulong)s)).Draws("tau"))));

        public string Id => perSecond ? "TauEssPerSecond" : "TauBulkEss";

        public string ColumnName => perSecond ? "ESS(tau)/s" : "bulk ESS(tau)";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => perSecond ? 1 : 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => perSecond ? "bulk ESS of tau per second of the mean run time" : "mean bulk ESS of tau over 20 runs";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(EightSchoolsNonCentred))
            {
                return "-";
            }

            if (!perSecond)
            {
                return MeanEss.Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            }

            var nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return nanoseconds is { } ns
                ? (MeanEss.Value / (ns * 1e-9)).ToString("0", System.Globalization.CultureInfo.InvariantCulture)
                : "NA";
        }
    }
}
