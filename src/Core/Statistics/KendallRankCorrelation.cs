using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Statistics;

/// <summary>Kendall's rank correlation with its two-sided test.</summary>
/// <param name="Tau">Kendall's τ (τ-b when there are ties).</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="IsExact">Whether the p-value is from the exact permutation distribution (k &lt; 50, no ties).</param>
public sealed record KendallRankCorrelation(double Tau, double PValue, bool IsExact)
{
    /// <summary>The largest sample for which the exact null distribution is used, as R's cor.test does.</summary>
    public const int ExactBelow = 50;

    /// <summary>
    /// Kendall's τ between <paramref name="x"/> and <paramref name="y"/> and its two-sided p-value.
    /// </summary>
    /// <remarks>
    /// Follows R's <c>cor.test(method = "kendall")</c>: without ties and with n &lt; 50 the p-value comes
    /// from the exact distribution of the number of concordant pairs T (2 P(T ≤ q) or 2 P(T ≥ q), capped
    /// at 1); otherwise S = τ-b √((n₀ - n₁)(n₀ - n₂)) is referred to a normal with the tie-corrected
    /// variance, without continuity correction.
    /// </remarks>
    public static KendallRankCorrelation Compute(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Guard.SameLength(y, "y", x.Count, "x");
        Guard.Finite(x, "x");
        Guard.Finite(y, "y");
        var n = x.Count;
        Guard.AtLeast(n, 3, "x", "Kendall's rank correlation");

        long concordant = 0, discordant = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var s = Math.Sign(x[i] - x[j]) * Math.Sign(y[i] - y[j]);
                if (s > 0)
                {
                    concordant++;
                }
                else if (s < 0)
                {
                    discordant++;
                }
            }
        }

        var xTies = TieGroupSizes(x);
        var yTies = TieGroupSizes(y);
        double pairs = n * (n - 1) / 2.0;
        var xTiedPairs = xTies.Sum(t => t * (t - 1) / 2.0);
        var yTiedPairs = yTies.Sum(t => t * (t - 1) / 2.0);
        var tau = (concordant - discordant) / Math.Sqrt((pairs - xTiedPairs) * (pairs - yTiedPairs));
        var hasTies = xTies.Count > 0 || yTies.Count > 0;

        if (n < ExactBelow && !hasTies)
        {
            var q = (long)Math.Round((tau + 1) * n * (n - 1) / 4);
            var p = q > n * (n - 1) / 4.0
                ? 1 - ConcordantPairsCdf(q - 1, n)
                : ConcordantPairsCdf(q, n);
            return new KendallRankCorrelation(tau, Math.Min(1, 2 * p), IsExact: true);
        }

        double nn = n;
        var v0 = nn * (nn - 1) * ((2 * nn) + 5);
        var vt = xTies.Sum(t => t * (t - 1) * ((2.0 * t) + 5));
        var vu = yTies.Sum(t => t * (t - 1) * ((2.0 * t) + 5));
        var v1 = xTies.Sum(t => t * (t - 1.0)) * yTies.Sum(t => t * (t - 1.0));
        var v2 = xTies.Sum(t => t * (t - 1.0) * (t - 2)) * yTies.Sum(t => t * (t - 1.0) * (t - 2));
        var variance = ((v0 - vt - vu) / 18) + (v1 / (2 * nn * (nn - 1))) + (v2 / (9 * nn * (nn - 1) * (nn - 2)));
        var statistic = tau * Math.Sqrt((pairs - xTiedPairs) * (pairs - yTiedPairs)) / Math.Sqrt(variance);
        return new KendallRankCorrelation(tau, 2 * Normal.CDF(0, 1, -Math.Abs(statistic)), IsExact: false);
    }

    /// <summary>
    /// P(T ≤ q) for the number of concordant pairs T among n untied observations under independence.
    /// T has the distribution of the number of inversions of a random permutation (Mahonian numbers),
    /// built one element at a time and kept as probabilities so nothing overflows.
    /// </summary>
    public static double ConcordantPairsCdf(long q, int n)
    {
        if (q < 0)
        {
            return 0;
        }

        var max = n * (n - 1) / 2;
        if (q >= max)
        {
            return 1;
        }

        var probabilities = new double[max + 1];
        var next = new double[max + 1];
        probabilities[0] = 1;
        var currentMax = 0;
        for (var m = 2; m <= n; m++)
        {
            // Inserting the m-th element adds 0..m-1 inversions with equal probability: a running
            // window sum over the previous distribution.
            var newMax = currentMax + m - 1;
            var window = 0.0;
            for (var k = 0; k <= newMax; k++)
            {
                window += k <= currentMax ? probabilities[k] : 0;
                if (k - m >= 0)
                {
                    window -= probabilities[k - m];
                }

                next[k] = window / m;
            }

            (probabilities, next) = (next, probabilities);
            currentMax = newMax;
        }

        var cdf = 0.0;
        for (var k = 0; k <= q; k++)
        {
            cdf += probabilities[k];
        }

        return Math.Min(1, cdf);
    }

    private static List<int> TieGroupSizes(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => g.Count()).Where(c => c > 1).ToList();
}
