using System.Globalization;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Turns what the sampler's chains report while they run into what a fit observer takes: the fraction of
/// all chains' iterations done, the divergences so far, and posterior summaries of the kept draws so far
/// whenever the chains have kept another <c>every</c> draws per chain between them (in long runs, once the
/// draws have grown by a tenth since the last summary, if that is later).
/// </summary>
/// <remarks>
/// The chains call in from their own threads at once, so everything is kept under one lock; the observer
/// is called outside it. A partial summary pools the draws kept so far by all chains (with fewer cores
/// than chains, the later chains start when earlier ones end), so early ones describe where the chains
/// are, not yet a converged posterior: they carry no R-hat or ESS.
/// </remarks>
internal sealed class SamplingObserver : IProgress<SamplingProgress>, IDrawSink
{
    private readonly IFitObserver observer;
    private readonly string[] quantities;
    private readonly int[] outputIndex;
    private readonly List<double>[][] kept;
    private readonly double[] fractions;
    private readonly int[] divergences;
    private readonly int drawsBetweenSummaries;
    private readonly double level;
    private readonly Lock gate = new();
    private int keptDraws;
    private int nextSummary;

    /// <summary>Reports to <paramref name="observer"/> on <paramref name="quantities"/> (a subset of <paramref name="outputNames"/>).</summary>
    public SamplingObserver(IFitObserver observer, IReadOnlyList<string> outputNames, IReadOnlyList<string> quantities, int chains, int every, double level)
    {
        this.observer = observer;
        this.quantities = quantities.ToArray();
        outputIndex = quantities.Select(q => outputNames.ToList().IndexOf(q)).ToArray();
        kept = Enumerable.Range(0, chains).Select(_ => quantities.Select(_ => new List<double>()).ToArray()).ToArray();
        fractions = new double[chains];
        divergences = new int[chains];
        drawsBetweenSummaries = every * chains;
        this.level = level;
        nextSummary = drawsBetweenSummaries;
    }

    /// <inheritdoc />
    public void Report(SamplingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        double fraction;
        int divergent;
        lock (gate)
        {
            fractions[value.Chain] = value.Fraction;
            divergences[value.Chain] = value.Divergences;
            fraction = fractions.Average();
            divergent = divergences.Sum();
        }

        observer.Progress(fraction, value.IsWarmup ? "warmup" : "sampling");
        if (!value.IsWarmup)
        {
            observer.Diagnostics(new FitDiagnostics { Divergences = divergent });
        }
    }

    /// <inheritdoc />
    public void Write(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> outputs, in TransitionStatistics statistics)
    {
        if (isWarmup)
        {
            return;
        }

        List<PosteriorParameter>? summaries = null;
        long draws = 0;
        lock (gate)
        {
            for (var q = 0; q < outputIndex.Length; q++)
            {
                kept[chain][q].Add(outputs[outputIndex[q]]);
            }

            keptDraws++;
            if (keptDraws >= nextSummary)
            {
                // Each summary sorts every draw so far: in long runs the draws must grow by a tenth
                // between summaries, which keeps their total cost within a few final summaries'.
                nextSummary = Math.Max(nextSummary + drawsBetweenSummaries, keptDraws + (keptDraws / 10));
                draws = keptDraws;
                summaries = quantities.Select((name, q) => DrawSummaries.Summarize(name, kept.SelectMany(c => c[q]).ToArray(), level, hpd: false)).ToList();
            }
        }

        if (summaries is not null)
        {
            observer.PartialSummary(summaries, draws);
        }
    }

    /// <summary>What the run was: chains, draws, warmup and seed.</summary>
    public static string Describe(SamplerOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"{options.Chains} chains of {options.SamplingIterations} draws after {options.WarmupIterations} warmup iterations, seed {options.Seed}, adapt_delta {options.TargetAcceptance}, max tree depth {options.MaxTreeDepth}");
}
