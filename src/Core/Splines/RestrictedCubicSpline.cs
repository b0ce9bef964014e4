using MathNet.Numerics.Statistics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Splines;

/// <summary>
/// Harrell's restricted cubic (natural) spline basis in the truncated power form, as R's
/// <c>rms::rcs</c> / <c>Hmisc::rcspline.eval(norm = 2, inclx = TRUE)</c> build it: the linear term
/// first, then one nonlinear term per knot but the last two. Used to enter a dose as a flexible
/// moderator of a dose-response meta-regression.
/// </summary>
/// <remarks>
/// With knots t_1 &lt; ... &lt; t_K the nonlinear terms are, for j = 1..K-2,
/// X_j(x) = [(x - t_j)₊³ - (x - t_{K-1})₊³ (t_K - t_j)/(t_K - t_{K-1}) + (x - t_K)₊³ (t_{K-1} - t_j)/(t_K - t_{K-1})] / (t_K - t_1)²,
/// which are zero left of t_1 and linear right of t_K (so the fitted curve is linear beyond the outer
/// knots); dividing by (t_K - t_1)² (norm = 2) keeps every term on the scale of x.
/// </remarks>
public sealed class RestrictedCubicSpline
{
    /// <summary>The number of knots <c>rms::rcs</c> uses when none is given.</summary>
    public const int DefaultKnotCount = 5;

    /// <summary>Hmisc's share of observations tied at an extreme above which that extreme is not a quantile knot.</summary>
    private const double TiedFraction = 0.05;

    private readonly double[] knots;

    private RestrictedCubicSpline(double[] knots)
    {
        this.knots = knots;
    }

    /// <summary>The knots, increasing.</summary>
    public IReadOnlyList<double> Knots => knots;

    /// <summary>Number of basis columns: the linear term and K - 2 nonlinear terms.</summary>
    public int ColumnCount => knots.Length - 1;

    /// <summary>
    /// A basis with the given knot locations (sorted, duplicates dropped, as Hmisc does). Throws
    /// <see cref="InvalidInputException"/> naming <paramref name="field"/> when a knot is not finite or
    /// fewer than 3 distinct knots remain.
    /// </summary>
    public static RestrictedCubicSpline WithKnots(IReadOnlyList<double> knots, string field = "knots")
    {
        ArgumentNullException.ThrowIfNull(knots);
        Guard.Finite(knots, field);
        var distinct = knots.Distinct().Order().ToArray();
        if (distinct.Length < 3)
        {
            throw new InvalidInputException(field, $"a restricted cubic spline needs at least 3 distinct knots, got {distinct.Length}");
        }

        return new RestrictedCubicSpline(distinct);
    }

    /// <summary>A basis with <paramref name="knotCount"/> knots placed by <see cref="DefaultKnots"/> on <paramref name="values"/>.</summary>
    public static RestrictedCubicSpline WithDefaultKnots(IReadOnlyList<double> values, int knotCount = DefaultKnotCount, string field = "x") =>
        WithKnots(DefaultKnots(values, knotCount, field), field);

    /// <summary>
    /// Harrell's default knot placement: quantiles (R type 7) of <paramref name="values"/> equally
    /// spaced between 0.10 and 0.90 for 3 knots, 0.05 and 0.95 for 4-6 knots, 0.025 and 0.975 for 7 or
    /// more; with fewer than 100 values the outer knots are the 5th smallest and 5th largest value
    /// (each end only when the tie rule below has not already fixed it).
    /// </summary>
    /// <remarks>
    /// Hmisc's refinements are kept: with at most K + 2 distinct values the knots are the interior
    /// distinct values; when 5% or more of the values are tied at an extreme (and no interior value is
    /// that frequent), the next distinct value becomes a knot and the quantiles are taken without
    /// the tied extreme; when the quantiles collide, twice as many are taken. Throws
    /// <see cref="InvalidInputException"/> naming <paramref name="field"/> for fewer than 6 values, a
    /// non-finite value, fewer than 3 knots requested, or fewer than 3 distinct knots found.
    /// </remarks>
    public static IReadOnlyList<double> DefaultKnots(IReadOnlyList<double> values, int knotCount = DefaultKnotCount, string field = "x")
    {
        ArgumentNullException.ThrowIfNull(values);
        Guard.Finite(values, field);
        if (values.Count < 6)
        {
            throw new InvalidInputException(field, $"default knots need at least 6 values, got {values.Count}");
        }

        if (knotCount < 3)
        {
            throw new InvalidInputException($"{field}.knots", $"a restricted cubic spline needs at least 3 knots, got {knotCount}");
        }

        var sorted = values.Order().ToArray();
        var distinct = sorted.Distinct().ToArray();
        if (distinct.Length - 2 <= knotCount)
        {
            return RequireThree(distinct[1..^1], field);
        }

        var outer = knotCount > 6 ? 0.025 : knotCount > 3 ? 0.05 : 0.1;
        var remaining = knotCount;
        double? firstKnot = null;
        double? lastKnot = null;
        var kept = sorted;
        var frequencies = distinct.Select(d => sorted.Count(v => v == d) / (double)sorted.Length).ToArray();
        if (frequencies[1..^1].Max() < TiedFraction)
        {
            if (frequencies[0] >= TiedFraction)
            {
                firstKnot = distinct[1];
                kept = kept.Where(v => v > firstKnot).ToArray();
                remaining--;
            }

            if (frequencies[^1] >= TiedFraction)
            {
                lastKnot = kept.Where(v => v < kept[^1]).Max();
                kept = kept.Where(v => v < lastKnot).ToArray();
                remaining--;
            }
        }

        double[] inner;
        if (remaining == 1)
        {
            inner = [SortedArrayStatistics.Median(kept)];
        }
        else
        {
            inner = Quantiles(kept, remaining == 2 ? Spaced(0.5, 1 - outer, 2) : Spaced(outer, 1 - outer, remaining));
            if (inner.Distinct().Count() < Math.Min(remaining, 3))
            {
                inner = Quantiles(kept, Spaced(outer, 1 - outer, 2 * remaining));
                if (firstKnot is { } first && inner.Distinct().Count() < 3)
                {
                    var middle = lastKnot is { } last ? (first + last) / 2 : SortedArrayStatistics.Median(kept);
                    inner = new[] { first, middle, lastKnot ?? Quantiles(kept, [1 - outer])[0] }.Order().ToArray();
                }

                if (inner.Distinct().Count() < 3)
                {
                    throw new InvalidInputException(field, "has too few distinct values for 3 distinct knots");
                }
            }

            // Few observations: the outer quantiles are unstable, so the outer knots sit on the 5th
            // smallest and 5th largest values instead (index 'remaining - 1' as Hmisc replaces it, even
            // after the alternate placement doubled the knots).
            if (kept.Length < 100 && kept.Length >= 5)
            {
                if (firstKnot is null)
                {
                    inner[0] = kept[4];
                }

                if (lastKnot is null)
                {
                    inner[remaining - 1] = kept[^5];
                }
            }
        }

        var all = new List<double>();
        if (firstKnot is { } f)
        {
            all.Add(f);
        }

        all.AddRange(inner);
        if (lastKnot is { } l)
        {
            all.Add(l);
        }

        return RequireThree(all.Distinct().Order().ToArray(), field);
    }

    /// <summary>The basis at <paramref name="x"/>: x itself, then the K - 2 nonlinear terms.</summary>
    public double[] Evaluate(double x)
    {
        var k = knots.Length;
        var last = knots[k - 1];
        var nextToLast = knots[k - 2];
        var normalization = (last - knots[0]) * (last - knots[0]);
        var row = new double[k - 1];
        row[0] = x;
        for (var j = 0; j < k - 2; j++)
        {
            var term = Cube(x - knots[j])
                - (Cube(x - nextToLast) * (last - knots[j]) / (last - nextToLast))
                + (Cube(x - last) * (nextToLast - knots[j]) / (last - nextToLast));
            row[j + 1] = term / normalization;
        }

        return row;
    }

    /// <summary>
    /// The basis columns of <paramref name="values"/>, named as rms names them: <paramref name="name"/>,
    /// then <c>name'</c>, <c>name''</c>, ... — ready for <c>DesignMatrix.FromColumns</c> after an intercept.
    /// </summary>
    public IReadOnlyList<(string Name, double[] Column)> Columns(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Guard.Finite(values, name);
        var rows = values.Select(Evaluate).ToArray();
        return Enumerable.Range(0, ColumnCount)
            .Select(c => (name + new string('\'', c), rows.Select(r => r[c]).ToArray()))
            .ToArray();
    }

    private static double Cube(double value) => value > 0 ? value * value * value : 0;

    private static double[] Spaced(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from + ((to - from) * i / (count - 1))).ToArray();

    private static double[] Quantiles(double[] sorted, double[] probabilities) =>
        probabilities.Select(p => SortedArrayStatistics.QuantileCustom(sorted, p, QuantileDefinition.R7)).ToArray();

    private static double[] RequireThree(double[] knots, string field) =>
        knots.Length >= 3
            ? knots
            : throw new InvalidInputException(field, $"has too few distinct values for 3 distinct knots (found {knots.Length})");
}
