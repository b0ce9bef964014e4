using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.LoadGenerator;

/// <summary>The jobs the generator offers: small, different data per seed.</summary>
internal static class LoadJobs
{
    /// <summary>256 specs of the kind <paramref name="job"/> names (<c>exact</c> or <c>effect-sizes</c>), offered in turn.</summary>
    public static ModelSpec[] Specs(string job) => [.. Enumerable.Range(0, 256).Select(seed => job switch
    {
        "exact" => Exact(seed),
        "effect-sizes" => EffectSizes(seed),
        _ => throw new ArgumentException($"--job must be exact or effect-sizes, got '{job}'", nameof(job)),
    })];

    /// <summary>An exact Bayesian random-effects fit of 10 effects with a half-normal(0.5) prior on τ.</summary>
    public static ModelSpec Exact(int seed)
    {
        var (yi, vi) = Effects(seed, 10);
        return new AnalysisBuilder().RandomEffects().ExactBayes().TauPrior(ScalePriors.HalfNormal(0.5)).Build(DataSetBuilder.FromEffectSizes(yi, vi).Build());
    }

    /// <summary>The effect sizes of 8 effects, no fit (the cheapest job).</summary>
    public static ModelSpec EffectSizes(int seed)
    {
        var (yi, vi) = Effects(seed, 8);
        return new AnalysisBuilder().EffectSizesOnly().Build(DataSetBuilder.FromEffectSizes(yi, vi).Build());
    }

    private static (double[] Yi, double[] Vi) Effects(int seed, int k)
    {
        var random = new Random(seed);
        var yi = Enumerable.Range(0, k).Select(_ => random.NextDouble() - 0.5).ToArray();
        var vi = Enumerable.Range(0, k).Select(_ => 0.01 + (0.1 * random.NextDouble())).ToArray();
        return (yi, vi);
    }
}
