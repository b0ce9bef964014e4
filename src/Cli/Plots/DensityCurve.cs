using MathNet.Numerics.Statistics;

namespace MetaAnalysis.Cli.Plots;

/// <summary>A density drawn as a curve: its grid and values.</summary>
/// <param name="X">Grid points.</param>
/// <param name="Density">Density at each point.</param>
public sealed record DensityCurve(double[] X, double[] Density)
{
    /// <summary>The density <paramref name="density"/> on <paramref name="points"/> points from <paramref name="lower"/> to <paramref name="upper"/>.</summary>
    public static DensityCurve Of(Func<double, double> density, double lower, double upper, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(density);
        var x = Enumerable.Range(0, points).Select(i => lower + ((upper - lower) * i / (points - 1))).ToArray();
        return new DensityCurve(x, x.Select(v => Finite(density(v))).ToArray());
    }

    /// <summary>
    /// A Gaussian kernel density estimate of <paramref name="draws"/> with Silverman's bandwidth, between
    /// the 0.5% and 99.5% quantiles of the draws (and not below <paramref name="lowerBound"/>).
    /// </summary>
    public static DensityCurve Estimate(IReadOnlyList<double> draws, double lowerBound = double.NegativeInfinity, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var sorted = draws.Order().ToArray();
        var sd = sorted.StandardDeviation();
        var iqr = SortedArrayStatistics.Quantile(sorted, 0.75) - SortedArrayStatistics.Quantile(sorted, 0.25);
        var spread = Math.Min(sd, iqr / 1.34);
        var bandwidth = 0.9 * (spread > 0 ? spread : Math.Max(sd, 1e-6)) * Math.Pow(sorted.Length, -0.2);
        var lower = Math.Max(lowerBound, SortedArrayStatistics.Quantile(sorted, 0.005));
        var upper = SortedArrayStatistics.Quantile(sorted, 0.995);
        return Of(x => KernelDensity.EstimateGaussian(x, bandwidth, sorted), lower, upper, points);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
