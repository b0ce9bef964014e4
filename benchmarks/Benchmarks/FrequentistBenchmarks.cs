using BenchmarkDotNet.Attributes;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Statistics;

namespace MetaAnalysis.Benchmarks;

/// <summary>
/// REML fits at the sizes users fit most: dat.bcg (k = 13, random effects) and the rTMS example
/// (k = 31 effects in 10 studies, three-level), one large synthetic meta-analysis (k = 10,000), and the
/// exact Kendall p-value of Begg's test at its work limit. Target: 100x faster than metafor's rma.
/// </summary>
[MemoryDiagnoser]
public class FrequentistBenchmarks
{
    private static readonly double[] BcgYi = [-0.889311333920205, -1.58538865720143, -1.34807314829969, -1.44155119002131, -0.217547322211296, -0.786115585818864, -1.62089822359839, 0.0119523335238405, -0.469417648738149, -1.37134480347278, -0.339358828338391, 0.445913400571379, -0.0173139482168798];
    private static readonly double[] BcgVi = [0.325584765003961, 0.194581121398144, 0.415367965367965, 0.0200100319022476, 0.0512101721696309, 0.00690561845590876, 0.223017247572315, 0.00396157929781773, 0.056434210463249, 0.0730247936130289, 0.0124122139715597, 0.532505845200153, 0.0714046596839863];

    private EffectData bcg = null!;
    private EffectData rtms = null!;
    private string[] rtmsStudies = null!;
    private EffectData large = null!;
    private double[] ranks = null!;
    private double[] uncorrelated = null!;

    [GlobalSetup]
    public void Setup()
    {
        bcg = EffectData.Create(BcgYi, BcgVi);
        var table = RtmsExample.EmbeddedTable();
        rtms = RtmsExample.Effects(table, RtmsExample.DefaultImputedCorrelation).Data;
        rtmsStudies = table.Text("study");

        // k = 10,000 effects with variances over two orders of magnitude and τ² = 0.05, from a fixed seed.
        var random = new Random(10000);
        var vi = Enumerable.Range(0, 10000).Select(_ => 0.01 * Math.Pow(10, 2 * random.NextDouble())).ToArray();
        var yi = vi.Select(v => 0.3 + (Math.Sqrt(v + 0.05) * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
        large = EffectData.Create(yi, vi);

        // n = 700 untied pairs with τ near 0: about the exact p-value's work limit (n times the tail).
        ranks = Enumerable.Range(1, 700).Select(i => (double)i).ToArray();
        uncorrelated = ranks.Select(x => Math.Sin(x * 1.7)).ToArray();
    }

    [Benchmark(Description = "REML random effects, k = 13 (dat.bcg)")]
    public double RemlBcg() => RandomEffectsModel.Fit(bcg).Tau2;

    [Benchmark(Description = "REML random effects, k = 31 (rTMS)")]
    public double RemlRtms() => RandomEffectsModel.Fit(rtms).Tau2;

    [Benchmark(Description = "REML three-level, k = 31 in 10 studies (rTMS)")]
    public double ThreeLevelRtms() => ThreeLevelModel.Fit(rtms, rtmsStudies).Sigma2Between;

    [Benchmark(Description = "REML random effects, k = 10,000 (synthetic)")]
    public double RemlLarge() => RandomEffectsModel.Fit(large).Tau2;

    [Benchmark(Description = "Kendall exact p-value, n = 700, tau near 0")]
    public double KendallExactAtLimit() => KendallRankCorrelation.Compute(ranks, uncorrelated).PValue;
}
