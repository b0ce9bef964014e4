using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// A member's posterior sampled by NUTS (finite-difference gradients) with its marginal likelihood by
/// bridge sampling from the same draws, and the sampler's diagnostics.
/// </summary>
public sealed class BridgeSampledPosterior
{
    private readonly double[][] sortedDraws;

    private BridgeSampledPosterior(BridgeSamplingResult bridge, double[][] draws, IReadOnlyList<double> means, IReadOnlyList<double> sds, IReadOnlyList<string> warnings)
    {
        Bridge = bridge;
        Draws = draws;
        Means = means;
        Sds = sds;
        Warnings = warnings;
        var d = means.Count;
        sortedDraws = Enumerable.Range(0, d).Select(p => draws.Select(x => x[p]).Order().ToArray()).ToArray();
    }

    /// <summary>The bridge-sampling estimate.</summary>
    public BridgeSamplingResult Bridge { get; }

    /// <summary>The pooled draws on the natural scale.</summary>
    public double[][] Draws { get; }

    /// <summary>Posterior means (natural scale).</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Posterior standard deviations.</summary>
    public IReadOnlyList<double> Sds { get; }

    /// <summary>The sampler's failed checks in plain words.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Samples <paramref name="density"/> and bridge-samples its marginal likelihood.</summary>
    public static BridgeSampledPosterior Run(IPosteriorDensity density, SamplerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(options);
        var model = new FiniteDifferenceGradientModel(density);
        var result = Sampler.Run(model, options, cancellationToken: cancellationToken);
        var report = DiagnosticReport.Create(result);
        var d = density.Dimension;
        var unconstrained = result.Chains.Select(chain => Enumerable.Range(0, chain.DrawCount).Select(s =>
        {
            var u = new double[d];
            density.Unconstrain(chain.Draw(s), u);
            return u;
        }).ToArray()).ToArray();
        var bridge = BridgeSampling.Estimate(u => density.LogDensity(u), unconstrained, options.Seed ^ 0x5EEDB1D6EUL);
        var natural = result.Chains.SelectMany(chain => Enumerable.Range(0, chain.DrawCount).Select(s => chain.Draw(s).ToArray())).ToArray();
        var means = Enumerable.Range(0, d).Select(p => natural.Average(x => x[p])).ToArray();
        var sds = Enumerable.Range(0, d).Select(p => Math.Sqrt(natural.Sum(x => (x[p] - means[p]) * (x[p] - means[p])) / (natural.Length - 1))).ToArray();
        return new BridgeSampledPosterior(bridge, natural, means, sds, report.Warnings);
    }

    /// <summary>The empirical distribution function of parameter <paramref name="parameter"/> at <paramref name="x"/>.</summary>
    public double Cdf(int parameter, double x)
    {
        var sorted = sortedDraws[parameter];
        var index = Array.BinarySearch(sorted, x);
        var count = index >= 0 ? index + 1 : ~index;
        while (index >= 0 && count < sorted.Length && sorted[count] <= x)
        {
            count++;
        }

        return (double)count / sorted.Length;
    }
}
