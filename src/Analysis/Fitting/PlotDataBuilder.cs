using MathNet.Numerics.Statistics;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The compact figures' data a fitter returns with <c>report.plot_data</c>: density curves on grids, thinned
/// chain traces, rank histograms and curve bands. Sizes are bounded whatever the number of draws.
/// </summary>
public static class PlotDataBuilder
{
    /// <summary>Points of a density curve.</summary>
    public const int DensityPoints = 160;

    /// <summary>Points of a fitted curve band.</summary>
    public const int CurvePoints = 60;

    /// <summary>Most draws per chain kept for a trace.</summary>
    public const int MaxTracePoints = 250;

    /// <summary>Bins of a rank histogram.</summary>
    public const int RankBins = 20;

    /// <summary>The density <paramref name="density"/> (and the prior's, when given) from <paramref name="lower"/> to <paramref name="upper"/>.</summary>
    public static DensityCurve Density(string parameter, Func<double, double> density, Func<double, double>? prior, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(density);
        var curve = new DensityCurve { Parameter = parameter };
        for (var i = 0; i < DensityPoints; i++)
        {
            var x = lower + ((upper - lower) * i / (DensityPoints - 1));
            curve.X.Add(x);
            curve.Density.Add(Finite(density(x)));
            if (prior is not null)
            {
                curve.Prior.Add(Finite(prior(x)));
            }
        }

        return curve;
    }

    /// <summary>
    /// A Gaussian kernel density estimate of <paramref name="draws"/> with Silverman's bandwidth, between
    /// the 0.5% and 99.5% quantiles of the draws (and not below <paramref name="lowerBound"/>).
    /// </summary>
    public static DensityCurve Estimate(string parameter, IReadOnlyList<double> draws, Func<double, double>? prior, double lowerBound = double.NegativeInfinity)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var sorted = draws.Order().ToArray();
        var sd = sorted.StandardDeviation();
        var iqr = SortedArrayStatistics.Quantile(sorted, 0.75) - SortedArrayStatistics.Quantile(sorted, 0.25);
        var spread = Math.Min(sd, iqr / 1.34);
        var bandwidth = 0.9 * (spread > 0 ? spread : Math.Max(sd, 1e-6)) * Math.Pow(sorted.Length, -0.2);
        var lower = Math.Max(lowerBound, SortedArrayStatistics.Quantile(sorted, 0.005));
        var upper = SortedArrayStatistics.Quantile(sorted, 0.995);
        return Density(parameter, x => GaussianKernelDensity(x, bandwidth, sorted), prior, lower, upper);
    }

    /// <summary>
    /// The Gaussian kernel density of <paramref name="sorted"/> at <paramref name="x"/>, summed in one fixed
    /// order: the same draws give the same curve to the last bit in every process (a result computed by a
    /// worker and one computed locally must be equal).
    /// </summary>
    private static double GaussianKernelDensity(double x, double bandwidth, double[] sorted)
    {
        var sum = 0.0;
        foreach (var draw in sorted)
        {
            var z = (x - draw) / bandwidth;
            sum += Math.Exp(-0.5 * z * z);
        }

        return sum / (sorted.Length * bandwidth * Math.Sqrt(2 * Math.PI));
    }

    /// <summary>Each chain's draws of <paramref name="parameter"/>, thinned to at most <see cref="MaxTracePoints"/>.</summary>
    public static IEnumerable<ChainTrace> Traces(string parameter, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        for (var c = 0; c < chains.Count; c++)
        {
            var thin = Math.Max(1, (int)Math.Ceiling(chains[c].Length / (double)MaxTracePoints));
            var trace = new ChainTrace { Parameter = parameter, Chain = c, Thin = thin };
            for (var i = 0; i < chains[c].Length; i += thin)
            {
                trace.Draws.Add(chains[c][i]);
            }

            yield return trace;
        }
    }

    /// <summary>
    /// The rank histograms of <paramref name="parameter"/> (Vehtari et al. 2021): all chains' draws ranked
    /// together (ties get their average rank), each chain's count in <see cref="RankBins"/> equal bins.
    /// </summary>
    public static IEnumerable<RankHistogram> Ranks(string parameter, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var pooled = chains.SelectMany((draws, c) => draws.Select(d => (Value: d, Chain: c))).OrderBy(p => p.Value).ToArray();
        var counts = chains.Select(_ => new int[RankBins]).ToArray();
        var n = pooled.Length;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j + 1 < n && pooled[j + 1].Value == pooled[i].Value)
            {
                j++;
            }

            var bin = Math.Min(RankBins - 1, (int)((i + j) / 2.0 * RankBins / n));
            for (var t = i; t <= j; t++)
            {
                counts[pooled[t].Chain][bin]++;
            }

            i = j + 1;
        }

        return counts.Select((chain, c) =>
        {
            var histogram = new RankHistogram { Parameter = parameter, Chain = c };
            histogram.Counts.AddRange(chain);
            return histogram;
        });
    }

    /// <summary>Evaluates <paramref name="at"/> (estimate, lower, upper) on <see cref="CurvePoints"/> points from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static CurveBand Band(string variable, Func<double, (double Estimate, double Lower, double Upper)> at, double from, double to)
    {
        ArgumentNullException.ThrowIfNull(at);
        var band = new CurveBand { Variable = variable };
        for (var i = 0; i < CurvePoints; i++)
        {
            var x = from + ((to - from) * i / (CurvePoints - 1));
            var (estimate, lower, upper) = at(x);
            band.X.Add(x);
            band.Estimate.Add(estimate);
            band.Lower.Add(lower);
            band.Upper.Add(upper);
        }

        return band;
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
