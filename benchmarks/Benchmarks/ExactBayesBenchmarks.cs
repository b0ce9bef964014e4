using System.Globalization;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
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
        var (yi, vi, studies) = RtmsExample.StandardizedMeanChanges(assumedCorrelation: 0.5);
        var data = EffectData.Create(yi, vi);
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

/// <summary>
/// The rTMS example data (shared/data/rtms_synthetic.csv beside the repository): within-subject pre/post
/// changes, as standardized mean changes (metafor's SMCC: change over the SD of the change scores, with the
/// exact small-sample correction and the large-sample variance 1/n + y²/(2n)).
/// </summary>
internal static class RtmsExample
{
    public static (double[] Yi, double[] Vi, string[] Studies) StandardizedMeanChanges(double assumedCorrelation)
    {
        var lines = File.ReadAllLines(Locate()).Skip(1).Where(l => l.Length > 0).ToArray();
        var yi = new double[lines.Length];
        var vi = new double[lines.Length];
        var studies = new string[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',').Select(c => c.Trim('"')).ToArray();
            double Number(int column) => double.Parse(cells[column], CultureInfo.InvariantCulture);
            var n = Number(10);
            double preMean = Number(11), preSd = Number(12), postMean = Number(13), postSd = Number(14);
            var r = cells[15].Length > 0 ? Number(15) : assumedCorrelation;
            var changeSd = Math.Sqrt((preSd * preSd) + (postSd * postSd) - (2 * r * preSd * postSd));
            var m = n - 1;
            var correction = Math.Exp(SpecialFunctions.GammaLn(m / 2) - Math.Log(Math.Sqrt(m / 2)) - SpecialFunctions.GammaLn((m - 1) / 2));
            yi[i] = correction * (postMean - preMean) / changeSd;
            vi[i] = (1 / n) + (yi[i] * yi[i] / (2 * n));
            studies[i] = cells[1];
        }

        return (yi, vi, studies);
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "rtms_synthetic.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("shared/data/rtms_synthetic.csv was not found above the benchmark binaries");
    }
}
