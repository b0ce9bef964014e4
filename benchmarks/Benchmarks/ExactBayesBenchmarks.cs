using BenchmarkDotNet.Attributes;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Benchmarks;

/// <summary>
/// The exact Bayesian engine on the rTMS example (31 effects in 10 studies): the full posterior —
/// fit, summaries with central and highest-density intervals of every parameter, the predictive effect,
/// the log marginal likelihood and the Bayes factors for the effect and for heterogeneity.
/// </summary>
[MemoryDiagnoser]
public class ExactBayesBenchmarks
{
    private ExactModel randomEffects = null!;
    private ExactModel threeLevel = null!;

    /// <summary>Reads the example data and computes the standardized mean changes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var table = RtmsExample.EmbeddedTable();
        var data = RtmsExample.Effects(table, RtmsExample.DefaultImputedCorrelation).Data;
        var studies = table.Text("study");
        var design = DesignMatrix.InterceptOnly(data.K);
        randomEffects = ExactModel.RandomEffects(data, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5));
        threeLevel = ExactModel.ThreeLevel(data, studies, design, [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5));
    }

    /// <summary>Random effects, k = 31: fit only.</summary>
    [Benchmark]
    public ExactPosterior RandomEffectsFit() => ExactBayes.Fit(randomEffects);

    /// <summary>Random effects, k = 31: the full posterior.</summary>
    [Benchmark]
    public double RandomEffectsFullPosterior() => FullPosterior(randomEffects, "tau");

    /// <summary>Three-level model, 31 effects in 10 studies: fit only.</summary>
    [Benchmark]
    public ExactPosterior ThreeLevelFit() => ExactBayes.Fit(threeLevel);

    /// <summary>Three-level model, 31 effects in 10 studies: the full posterior.</summary>
    [Benchmark]
    public double ThreeLevelFullPosterior() => FullPosterior(threeLevel, "sigma_between", "sigma_within");

    private static double FullPosterior(ExactModel model, params string[] components)
    {
        var posterior = ExactBayes.Fit(model);
        var total = posterior.Coefficient(0).Summarize().HighestDensity.Width + posterior.PredictiveEffect().Summarize().Central.Width;
        foreach (var component in components)
        {
            total += posterior.Component(component).Summarize().HighestDensity.Width;
        }

        return total + posterior.LogMarginalLikelihood!.Value + posterior.LogBayesFactorEffect() + posterior.LogBayesFactorHeterogeneity();
    }
}
