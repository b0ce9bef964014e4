using BenchmarkDotNet.Attributes;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;

namespace MetaAnalysis.Benchmarks;

/// <summary>
/// The three-level model on correlated sampling errors (the CHE model) on the rTMS example: k = 31 effects in
/// 10 studies, V from a working ρ = 0.6 within studies (metafor's vcalc). The REML fit on a V built once is
/// what metafor's <c>rma.mv(yi, V, random = ~ 1 | study/effect)</c> does; the others add building V, CR2
/// with Satterthwaite df on top, and the exact Bayesian posterior on V. Target: the fit 100x faster than rma.mv.
/// </summary>
[MemoryDiagnoser]
public class CorrelatedThreeLevelBenchmarks
{
    private const double Rho = 0.6;

    private EffectData rtms = null!;
    private EffectClusters studies = null!;
    private SamplingCovariance v = null!;

    [GlobalSetup]
    public void Setup()
    {
        var table = RtmsExample.EmbeddedTable();
        rtms = RtmsExample.Effects(table, RtmsExample.DefaultImputedCorrelation).Data;
        studies = EffectClusters.Create(table.Text("study"), rtms.K);
        v = SamplingCovariance.ConstantCorrelation(rtms.Vi, studies, Rho);
    }

    [Benchmark(Description = "REML three-level on V (rho 0.6), k = 31 in 10 studies")]
    public double RemlOnV() => ThreeLevelModel.Fit(rtms, studies, v).Sigma2Between;

    [Benchmark(Description = "V from rho, then the REML fit")]
    public double BuildVAndFit() => ThreeLevelModel.Fit(rtms, studies, SamplingCovariance.ConstantCorrelation(rtms.Vi, studies, Rho)).Sigma2Between;

    [Benchmark(Description = "REML on V with CR2 and Satterthwaite df (CHE)")]
    public double CorrelatedHierarchicalEffects() =>
        ClusterRobustInference.Compute(ThreeLevelModel.Fit(rtms, studies, v), new ClusterRobustOptions(SandwichType.CR2)).Coefficients[0].StandardError;

    [Benchmark(Description = "Exact Bayesian three-level on V, fit only")]
    public double ExactOnV() => ExactBayes.Fit(ExactModel.ThreeLevel(
        rtms, v, DesignMatrix.InterceptOnly(rtms.K), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5))).Coefficient(0).Mean;
}
