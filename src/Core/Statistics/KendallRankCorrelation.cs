using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Statistics;

/// <summary>Kendall's rank correlation with its two-sided test.</summary>
/// <param name="Tau">Kendall's τ (τ-b when there are ties).</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="IsExact">Whether the p-value is from the exact permutation distribution (no ties, and within <see cref="ExactWorkLimit"/>).</param>
public sealed record KendallRankCorrelation(double Tau, double PValue, bool IsExact)
{
    /// <summary>
    /// The most steps (n times the tail's number of concordant pairs) the exact p-value may take: about
    /// 0.15 s on one core (docs/benchmarks.md: n = 700 with τ near 0 takes 0.12 s), reached at n ≈ 740
    /// when τ is near 0 and later the further τ is from 0. Beyond it the normal approximation is used, and the result says so.
    /// </summary>
    public const long ExactWorkLimit = 100_000_000;

    /// <summary>
    /// Kendall's τ between <paramref name="x"/> and <paramref name="y"/> and its two-sided p-value.
    /// </summary>
    /// <remarks>
    /// Follows R's <c>cor.test(method = "kendall", exact = TRUE)</c>, as metafor's <c>ranktest</c> calls it:
    /// without ties the p-value comes from the exact distribution of the number of concordant pairs T
    /// (2 P(T ≤ q) or 2 P(T ≥ q), capped at 1) at any n; with ties S = τ-b √((n₀ - n₁)(n₀ - n₂)) is
    /// referred to a normal with the tie-corrected variance, without continuity correction. R counts
    /// permutations in doubles and divides by n!, which overflows from n = 171 on (its p-value is then
    /// NaN or 0); here the distribution is kept as probabilities, so the exact p-value holds at any n the
    /// work limit allows.
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

        // T is symmetric about n(n - 1)/4, so the upper tail P(T ≥ q) is the lower tail P(T ≤ max - q).
        var maximum = (long)n * (n - 1) / 2;
        var q = (long)Math.Round((tau + 1) * maximum / 2);
        var tail = q > maximum / 2.0 ? maximum - q : q;
        if (!hasTies && (double)n * (tail + 1) <= ExactWorkLimit)
        {
            return new KendallRankCorrelation(tau, Math.Min(1, 2 * ConcordantPairsCdf(tail, n)), IsExact: true);
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
    /// built one element at a time and kept as probabilities so nothing overflows; only the counts up to
    /// q are needed, so the work is n (q + 1).
    /// </summary>
    public static double ConcordantPairsCdf(long q, int n)
    {
        if (q < 0)
        {
            return 0;
        }

        var maximum = (long)n * (n - 1) / 2;
        if (q >= maximum)
        {
            return 1;
        }

        var length = (int)q + 1;
        var probabilities = new double[length];
        var next = new double[length];
        probabilities[0] = 1;
        for (var m = 2; m <= n; m++)
        {
            // Inserting the m-th element adds 0..m-1 inversions with equal probability: a running
            // window sum over the previous distribution.
            var window = 0.0;
            var share = 1.0 / m;
            var head = Math.Min(m, length);
            for (var k = 0; k < head; k++)
            {
                window += probabilities[k];
                next[k] = window * share;
            }

            for (var k = head; k < length; k++)
            {
                window += probabilities[k] - probabilities[k - m];
                next[k] = window * share;
            }

            (probabilities, next) = (next, probabilities);
        }

        var cdf = 0.0;
        foreach (var probability in probabilities)
        {
            cdf += probability;
        }

        return Math.Min(1, cdf);
    }

    private static List<int> TieGroupSizes(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => g.Count()).Where(c => c > 1).ToList();
}
