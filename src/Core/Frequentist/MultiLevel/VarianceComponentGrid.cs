namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// A coarse scan of the three-level (restricted) likelihood over both variance components, whose local
/// maxima start the optimizer in every basin that may hold the global maximum.
/// </summary>
/// <remarks>
/// The likelihood can have a local maximum on a face of the quadrant (one component at 0, or both)
/// besides the interior one, and an optimizer started from a moment estimate may reach the lower of
/// them. The scan runs over the total heterogeneity σ²_b + σ²_w, two points a decade from 10⁻⁸ to 10⁴
/// times the unweighted residual variance, and five splits of it between the components (0, ¼, …, 1),
/// plus the origin: 126 likelihood evaluations. Every point at least as high as its neighbours (in total
/// and in split) is a start, best first, at most four, after the moment estimate. A fixed component
/// keeps its value and the scan runs over the other alone.
/// </remarks>
internal static class VarianceComponentGrid
{
    private const int PointsPerDecade = 2;
    private const int LowestDecade = -8;
    private const int HighestDecade = 4;
    private const int Splits = 4;
    private const int MaximumStarts = 4;

    /// <summary>The moment start followed by the scan's local maxima, best first, each with its log-likelihood.</summary>
    public static IReadOnlyList<(double[] Point, double LogLikelihood)> Starts(ThreeLevelLikelihood likelihood, bool restricted, double[] start, bool[] isFixed, double residualVariance)
    {
        var starts = new List<(double[] Point, double LogLikelihood)> { (start, likelihood.LogLikelihood(start[0], start[1], restricted)) };
        if (isFixed[0] && isFixed[1])
        {
            return starts;
        }

        var totals = new List<double> { 0.0 };
        for (var j = LowestDecade * PointsPerDecade; j <= HighestDecade * PointsPerDecade; j++)
        {
            totals.Add(residualVariance * Math.Pow(10, (double)j / PointsPerDecade));
        }

        // With one component fixed the scan is a single row over the free one.
        var splits = isFixed[0] || isFixed[1] ? 1 : Splits + 1;
        var points = new double[totals.Count, splits][];
        var values = new double[totals.Count, splits];
        for (var t = 0; t < totals.Count; t++)
        {
            for (var s = 0; s < splits; s++)
            {
                points[t, s] = Point(totals[t], splits == 1 ? -1 : (double)s / Splits, start, isFixed);
                // Every split of a zero total is the same point.
                values[t, s] = t == 0 && s > 0 ? values[0, 0] : likelihood.LogLikelihood(points[t, s][0], points[t, s][1], restricted);
            }
        }

        var maxima = new List<(double[] Point, double Value)>();
        for (var t = 0; t < totals.Count; t++)
        {
            for (var s = 0; s < (t == 0 ? 1 : splits); s++)
            {
                if (IsLocalMaximum(values, t, s))
                {
                    maxima.Add((points[t, s], values[t, s]));
                }
            }
        }

        starts.AddRange(maxima.OrderByDescending(m => m.Value).Take(MaximumStarts));
        return starts;
    }

    /// <summary>The components for a total split by <paramref name="share"/> (between's share), or the free component's value when one is fixed.</summary>
    private static double[] Point(double total, double share, double[] start, bool[] isFixed) =>
        isFixed[0] ? [start[0], total]
        : isFixed[1] ? [total, start[1]]
        : [total * share, total * (1 - share)];

    private static bool IsLocalMaximum(double[,] values, int t, int s)
    {
        var value = values[t, s];
        for (var dt = -1; dt <= 1; dt++)
        {
            for (var ds = -1; ds <= 1; ds++)
            {
                var (nt, ns) = (t + dt, s + ds);
                if ((dt, ds) != (0, 0) && nt >= 0 && nt < values.GetLength(0) && ns >= 0 && ns < values.GetLength(1) && values[nt, ns] > value)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
