using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Diagnostics;

namespace MetaAnalysis.Core.Tests.Bayesian.Diagnostics;

public class ChainDiagnosticsTests
{
    [Fact]
    public void Split_OddLength_DropsTheMiddleDraw()
    {
        var split = SplitChains.Split([[1.0, 2, 3, 4, 5], [6.0, 7, 8, 9, 10]]);

        Assert.Equal([[1.0, 2], [6.0, 7], [4.0, 5], [9.0, 10]], split);
    }

    [Fact]
    public void Ranks_Ties_GetTheirAverageRank()
    {
        var ranks = RankNormalization.Ranks([[3.0, 1.0], [3.0, 2.0]]);

        Assert.Equal([[3.5, 1.0], [3.5, 2.0]], ranks);
    }

    [Fact]
    public void Normalize_UsesBlomOffsets()
    {
        var z = RankNormalization.Normalize([[10.0, 30.0], [20.0, 40.0]]);

        // Ranks 1, 3 / 2, 4 of S = 4: Φ⁻¹((r - 3/8) / (S + 1/4)).
        Assert.Equal(Normal.InvCDF(0, 1, (1 - 0.375) / 4.25), z[0][0], 12);
        Assert.Equal(Normal.InvCDF(0, 1, (4 - 0.375) / 4.25), z[1][1], 12);
        Assert.Equal(-z[0][0], z[1][1], 12);
    }

    [Fact]
    public void Autocovariance_MatchesTheDirectSum()
    {
        double[] x = [0.3, -1.2, 2.5, 0.1, 0.9, -0.4, 1.7];
        var mean = x.Average();

        var fft = Autocovariance.Compute(x);

        for (var t = 0; t < x.Length; t++)
        {
            var direct = 0.0;
            for (var i = 0; i + t < x.Length; i++)
            {
                direct += (x[i] - mean) * (x[i + t] - mean);
            }

            Assert.Equal(direct / x.Length, fft[t], 12);
        }
    }

    [Fact]
    public void Basic_SmallArrays_MatchesGeyersProcedureReDerived()
    {
        double[][] chains =
        [
            [1.1, 0.3, 2.4, 1.9, 0.2, -0.5, 0.8, 1.4, 0.6, 0.0, 1.2, 0.9],
            [0.4, 0.9, 1.6, 2.2, 1.8, 0.7, -0.3, 0.5, 1.0, 1.3, 0.2, 0.8],
            [2.0, 1.5, 0.1, -0.2, 0.4, 1.1, 1.7, 2.3, 0.9, 0.5, 0.6, 1.0],
        ];

        Assert.Equal(GeyerEss(chains), EffectiveSampleSize.Basic(chains), 10);
        var split = SplitChains.Split(chains);
        Assert.Equal(GeyerEss(split), EffectiveSampleSize.Mean(chains), 10);
    }

    [Fact]
    public void Basic_IndependentDraws_IsCloseToTheNumberOfDraws()
    {
        var chains = DrawGenerators.Independent(4, 1000, 1);

        Assert.InRange(EffectiveSampleSize.Basic(chains), 3500, 4600);
        Assert.InRange(EffectiveSampleSize.Bulk(chains), 3500, 4600);
        Assert.InRange(EffectiveSampleSize.Tail(chains), 3200, 4800);
    }

    [Fact]
    public void Basic_AutoRegressiveChains_MatchesTheTheoreticalEss()
    {
        // AR(1): integrated autocorrelation time (1 + φ)/(1 - φ) = 3 for φ = 0.5; = 1/2.333 for φ = -0.4.
        var positive = DrawGenerators.AutoRegressive(4, 5000, 0.5, 2);
        var antithetic = DrawGenerators.AutoRegressive(4, 5000, -0.4, 3);

        Assert.InRange(EffectiveSampleSize.Bulk(positive), 20000 / 3.0 * 0.85, 20000 / 3.0 * 1.15);
        Assert.InRange(EffectiveSampleSize.Mean(antithetic), 20000 * (1.4 / 0.6) * 0.8, 20000 * (1.4 / 0.6) * 1.2);
    }

    [Fact]
    public void Rhat_IdenticalChains_IsOne()
    {
        var chain = DrawGenerators.Independent(1, 500, 4)[0];
        double[][] chains = [chain, chain, chain, chain];

        Assert.Equal(Math.Sqrt(499.0 / 500), Rhat.Basic(chains), 12);
        Assert.InRange(Rhat.RankNormalizedSplit(chains), 0.99, 1.01);
    }

    [Fact]
    public void Rhat_SmallArrays_MatchesTheBetweenWithinFormula()
    {
        double[][] chains = [[1.0, 2, 3, 4], [2.0, 3, 4, 5]];

        // Means 2.5, 3.5: B = n var(means) = 4 · 0.5 = 2; W = 5/3 (each chain's variance);
        // R̂ = √(((n-1)/n W + B/n) / W).
        var w = 5.0 / 3;
        var expected = Math.Sqrt(((0.75 * w) + 0.5) / w);
        Assert.Equal(expected, Rhat.Basic(chains), 12);
    }

    [Fact]
    public void Rhat_OneChainShifted_IsAboveTheThreshold()
    {
        var chains = DrawGenerators.Independent(4, 1000, 5);
        var good = Rhat.RankNormalizedSplit(chains);
        chains[2] = chains[2].Select(x => x + 1).ToArray();

        Assert.True(good < 1.01);
        Assert.True(Rhat.RankNormalizedSplit(chains) > 1.01);
    }

    [Fact]
    public void Rhat_OneChainWiderOnly_IsCaughtByTheFoldedTail()
    {
        var chains = DrawGenerators.Independent(4, 1000, 6);
        chains[0] = chains[0].Select(x => 3 * x).ToArray();

        var bulk = Rhat.Basic(RankNormalization.Normalize(SplitChains.Split(chains)));

        Assert.True(bulk < 1.01);
        Assert.True(Rhat.RankNormalizedSplit(chains) > 1.01);
    }

    [Fact]
    public void MonteCarloStandardErrors_IndependentNormalDraws_MatchTheirAsymptoticValues()
    {
        var chains = DrawGenerators.Independent(4, 2500, 7);
        const double s = 10000;

        // sd/√S; sd/√(2S) for the sd; √(p(1-p)/S)/φ(q) for quantiles.
        Assert.InRange(MonteCarloStandardError.Mean(chains), 0.9 / Math.Sqrt(s), 1.1 / Math.Sqrt(s));
        Assert.InRange(MonteCarloStandardError.Sd(chains), 0.85 / Math.Sqrt(2 * s), 1.15 / Math.Sqrt(2 * s));
        var medianSe = Math.Sqrt(0.25 / s) / Normal.PDF(0, 1, 0);
        Assert.InRange(MonteCarloStandardError.Quantile(chains, 0.5), 0.75 * medianSe, 1.25 * medianSe);
        var tailSe = Math.Sqrt(0.025 * 0.975 / s) / Normal.PDF(0, 1, 1.959964);
        Assert.InRange(MonteCarloStandardError.Quantile(chains, 0.975), 0.7 * tailSe, 1.3 * tailSe);
    }

    [Fact]
    public void Ebfmi_SmallSequence_MatchesTheDefinition()
    {
        // Squared successive differences 1+1+1 = 3 over squared deviations 4 · 0.25 = 1.
        Assert.Equal(3, Ebfmi.Compute([1.0, 2, 1, 2]), 12);
        Assert.True(double.IsNaN(Ebfmi.Compute([1.0])));
    }

    [Fact]
    public void Diagnostics_NonFiniteDraw_GiveNaN()
    {
        double[][] chains = [[1.0, 2, double.NaN, 4], [2.0, 3, 4, 5]];

        Assert.True(double.IsNaN(Rhat.RankNormalizedSplit(chains)));
        Assert.True(double.IsNaN(EffectiveSampleSize.Bulk(chains)));
    }

    [Fact]
    public void Diagnostics_UnequalChains_Throw()
    {
        Assert.Throws<ArgumentException>(() => Rhat.Basic([[1.0, 2, 3], [1.0, 2]]));
    }

    /// <summary>Vehtari et al. (2021), eqs. 10-11 and Geyer's initial monotone sequence, with direct sums.</summary>
    private static double GeyerEss(double[][] chains)
    {
        var m = chains.Length;
        var n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        var variances = chains.Select((c, i) => c.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).ToArray();
        var w = variances.Average();
        var grand = means.Average();
        var b = n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        var varPlus = ((n - 1.0) / n * w) + (b / n);
        double Rho(int t) => 1 - ((w - Enumerable.Range(0, m).Average(c =>
            Enumerable.Range(0, n - t).Sum(i => (chains[c][i] - means[c]) * (chains[c][i + t] - means[c])) / n)) / varPlus);

        var rho = new double[n];
        rho[0] = 1;
        rho[1] = Rho(1);
        var t = 0;
        double even = 1, odd = rho[1];
        while (t < n - 5 && even + odd > 0)
        {
            t += 2;
            even = Rho(t);
            odd = Rho(t + 1);
            if (even + odd >= 0)
            {
                rho[t] = even;
                rho[t + 1] = odd;
            }
        }

        var maxT = t;
        if (even > 0)
        {
            rho[maxT] = even;
        }

        for (var j = 2; j <= maxT - 2; j += 2)
        {
            if (rho[j] + rho[j + 1] > rho[j - 2] + rho[j - 1])
            {
                rho[j] = rho[j + 1] = (rho[j - 2] + rho[j - 1]) / 2;
            }
        }

        var tau = -1 + (2 * rho.Take(maxT).Sum()) + rho[maxT];
        return m * n / Math.Max(tau, 1 / Math.Log10(m * n));
    }
}
