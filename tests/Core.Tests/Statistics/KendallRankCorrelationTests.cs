using MetaAnalysis.Core.Statistics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Statistics;

public class KendallRankCorrelationTests
{
    [Fact]
    public void Compute_HollanderWolfeExample_MatchesPublishedExactTest()
    {
        // R's cor.test(x, y, method = "kendall") help example (Hollander & Wolfe 1973, p. 187):
        // T = 26, tau = 0.4444444, one-sided p = 0.05972, so two-sided p = 0.1194.
        double[] x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
        double[] y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];

        var result = KendallRankCorrelation.Compute(x, y);

        Assert.True(result.IsExact);
        Assert.Equal(4.0 / 9.0, result.Tau, Tolerances.Algebra);
        Assert.Equal(2 * 0.05972, result.PValue, 1e-4);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(7)]
    public void ConcordantPairsCdf_SmallN_MatchesEnumerationOfAllPermutations(int n)
    {
        var counts = new Dictionary<int, int>();
        var total = 0;
        foreach (var permutation in Permutations(Enumerable.Range(0, n).ToArray()))
        {
            var inversions = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    if (permutation[i] > permutation[j])
                    {
                        inversions++;
                    }
                }
            }

            counts[inversions] = counts.GetValueOrDefault(inversions) + 1;
            total++;
        }

        var cumulative = 0;
        for (var q = 0; q <= n * (n - 1) / 2; q++)
        {
            cumulative += counts.GetValueOrDefault(q);
            Assert.Equal((double)cumulative / total, KendallRankCorrelation.ConcordantPairsCdf(q, n), Tolerances.Algebra);
        }
    }

    /// <summary>
    /// Against exact rational arithmetic (the Mahonian counts summed as integers and divided by n!), at
    /// sizes where R's pKendall, which divides double counts by n!, overflows (n ≥ 171) and near the centre.
    /// </summary>
    [Theory]
    [InlineData(60, 800, 0.14121211482232407)]
    [InlineData(171, 6800, 0.10625196925096204)]
    [InlineData(200, 9000, 0.022338680803264933)]
    [InlineData(300, 20000, 0.0025814691023115597)]
    [InlineData(300, 22425, 0.5002295521617186)]
    public void ConcordantPairsCdf_LargeN_MatchesExactRationalArithmetic(int n, long q, double expected)
    {
        Assert.Equal(expected, KendallRankCorrelation.ConcordantPairsCdf(q, n), expected * 1e-12);
    }

    /// <summary>R's cor.test(x, y, method = "kendall", exact = TRUE) for x = 1..120, y = sin(1.7x) + x/400: exact at n ≥ 50 too.</summary>
    [Fact]
    public void Compute_NoTiesBeyondFifty_IsExactAsRWithExactTrue()
    {
        var x = Enumerable.Range(1, 120).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v * 1.7) + (v / 400)).ToArray();

        var result = KendallRankCorrelation.Compute(x, y);

        Assert.True(result.IsExact);
        Assert.Equal(0.10392156862745099, result.Tau, Tolerances.Algebra);
        Assert.Equal(0.092850643986807757, result.PValue, 1e-12);
    }

    /// <summary>Past the work limit (here n = 2,000 with τ near 0) the p-value is the normal approximation, and says so.</summary>
    [Fact]
    public void Compute_BeyondTheWorkLimit_UsesTheNormalApproximation()
    {
        var x = Enumerable.Range(1, 2000).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v * 1.7)).ToArray();

        var result = KendallRankCorrelation.Compute(x, y);

        Assert.False(result.IsExact);
        Assert.InRange(result.PValue, 0, 1);
    }

    [Fact]
    public void Compute_WithTies_UsesNormalApproximationWithTieCorrectedVariance()
    {
        double[] x = [1, 2, 2, 3, 4, 5];
        double[] y = [1, 3, 2, 2, 5, 4];

        var result = KendallRankCorrelation.Compute(x, y);

        // Concordant 11, discordant 2, one tie in x and one in y: tau-b = 9 / sqrt(14 * 14).
        Assert.False(result.IsExact);
        Assert.Equal(9.0 / 14.0, result.Tau, Tolerances.Algebra);
        // Var(S) = (6*5*17 - 2*1*9 - 2*1*9) / 18 + (2 * 2) / (2 * 6 * 5) + 0 = 27.4 + 1/15.
        var z = 9 / Math.Sqrt((((6 * 5 * 17) - 18 - 18) / 18.0) + (4.0 / 60));
        Assert.Equal(2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -z), result.PValue, Tolerances.Algebra);
    }

    [Fact]
    public void Compute_LengthMismatch_NamesTheField()
    {
        var error = Assert.Throws<InvalidInputException>(() => KendallRankCorrelation.Compute([1, 2, 3], [1, 2]));
        Assert.Equal("y", error.Field);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
