using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.EndToEnd.Tests.Infrastructure;

/// <summary>Jobs whose fitting exists in this build: effect sizes, and a slow one for crash tests.</summary>
internal static class TestJobs
{
    /// <summary>
    /// Effects for Begg's rank correlation test, whose Kendall τ compares every pair: with this many
    /// effects a fit takes seconds, long enough to kill or pause the worker in the middle of it.
    /// </summary>
    public const int SlowEffects = 25_000;

    public static ModelSpec EffectSizes(int seed)
    {
        var random = new Random(seed);
        var yi = Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray();
        var vi = Enumerable.Range(0, 5).Select(_ => 0.01 + random.NextDouble()).ToArray();
        return new AnalysisBuilder().EffectSizesOnly().Build(DataSetBuilder.FromEffectSizes(yi, vi).Build());
    }

    public static ModelSpec Slow()
    {
        var random = new Random(7);
        var yi = Enumerable.Range(0, SlowEffects).Select(_ => random.NextDouble()).ToArray();
        var vi = Enumerable.Range(0, SlowEffects).Select(_ => 0.01 + random.NextDouble()).ToArray();
        return new AnalysisBuilder().PublicationBias(egger: false, begg: true, trimAndFill: false, failSafeN: false).Frequentist().Build(DataSetBuilder.FromEffectSizes(yi, vi).Build());
    }

    /// <summary>A NUTS fit that samples for well over a minute and reports progress with every heartbeat.</summary>
    public static ModelSpec LongSampling() =>
        new AnalysisBuilder().RandomEffects().Nuts(seed: 3, chains: 2, warmup: 1000, draws: 1_000_000, partialSummaryEvery: 1000).MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Build(EffectSizes(40).Data);

    /// <summary>The job's events, in order, up to its final event.</summary>
    public static async Task<List<JobEvent>> CollectAsync(IAsyncEnumerable<JobEvent> events, CancellationToken cancellationToken = default)
    {
        var seen = new List<JobEvent>();
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            seen.Add(item);
        }

        return seen;
    }
}
