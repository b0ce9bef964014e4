using MathNet.Numerics.Statistics;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// Effective sample sizes (Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021): how many independent
/// draws would estimate a quantity as precisely as the correlated chains do.
/// </summary>
/// <remarks>
/// <para>The basic estimate combines the chains' autocovariances γₘ(t) into ρ̂(t) = 1 - (W - mean γₘ(t)) / var⁺,
/// with W the mean within-chain variance and var⁺ = (N-1)/N W + B/N, and truncates the sum of ρ̂ by Geyer's
/// initial positive sequence (pairs ρ̂(2k) + ρ̂(2k+1) while positive), made monotone. Then
/// ESS = M N / τ̂ with τ̂ = -1 + 2 Σ_{t&lt;T} ρ̂(t) + ρ̂(T), and τ̂ at least 1/log₁₀(M N).</para>
/// <para>Bulk-ESS applies it to rank-normalized split chains; tail-ESS is the smaller ESS of the
/// indicators I(x ≤ q₀.₀₅) and I(x ≤ q₀.₉₅) on split chains.</para>
/// </remarks>
public static class EffectiveSampleSize
{
    /// <summary>The basic ESS of the chains as given (split them first for split-ESS). NaN when a draw is not finite or there are fewer than 3 per chain.</summary>
    public static double Basic(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var m = chains.Count;
        var n = chains[0].Length;
        if (n < 3 || DrawMatrix.AnyNonFinite(chains))
        {
            return double.NaN;
        }

        if (DrawMatrix.IsConstant(chains))
        {
            return m * n;
        }

        var meanAutocovariance = new double[n];
        var chainMeans = new double[m];
        for (var c = 0; c < m; c++)
        {
            var acov = Autocovariance.Compute(chains[c]);
            for (var lag = 0; lag < n; lag++)
            {
                meanAutocovariance[lag] += acov[lag] / m;
            }

            chainMeans[c] = DrawMatrix.Mean(chains[c]);
        }

        var meanVariance = meanAutocovariance[0] * n / (n - 1);
        var variancePlus = meanVariance * (n - 1) / n;
        if (m > 1)
        {
            variancePlus += DrawMatrix.Variance(chainMeans);
        }

        var rho = new double[n];
        var t0 = 0;
        var rhoEven = 1.0;
        rho[0] = rhoEven;
        var rhoOdd = 1 - ((meanVariance - meanAutocovariance[1]) / variancePlus);
        rho[1] = rhoOdd;

        // Geyer's initial positive sequence: sums of adjacent pairs while they stay positive.
        while (t0 < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t0 += 2;
            rhoEven = 1 - ((meanVariance - meanAutocovariance[t0]) / variancePlus);
            rhoOdd = 1 - ((meanVariance - meanAutocovariance[t0 + 1]) / variancePlus);
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t0] = rhoEven;
                rho[t0 + 1] = rhoOdd;
            }
        }

        var maxT = t0;
        if (rhoEven > 0)
        {
            rho[maxT] = rhoEven;
        }

        // Geyer's initial monotone sequence.
        var t = 0;
        while (t <= maxT - 4)
        {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }

        var total = (double)m * n;
        var sum = 0.0;
        for (var i = 0; i < maxT; i++)
        {
            sum += rho[i];
        }

        // The last even term improves the estimate for antithetic chains; the floor caps ESS at S log₁₀ S.
        var tauHat = -1 + (2 * sum) + rho[maxT];
        tauHat = Math.Max(tauHat, 1 / Math.Log10(total));
        return total / tauHat;
    }

    /// <summary>Bulk-ESS: basic ESS of the rank-normalized split chains.</summary>
    public static double Bulk(IReadOnlyList<double[]> chains) =>
        DrawMatrix.AnyNonFinite(chains) ? double.NaN : Basic(RankNormalization.Normalize(SplitChains.Split(chains)));

    /// <summary>Tail-ESS: the smaller of the ESS of the 5% and 95% quantiles.</summary>
    public static double Tail(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        if (DrawMatrix.AnyNonFinite(chains))
        {
            return double.NaN;
        }

        var sorted = Sorted(chains);
        return Math.Min(QuantileFromSorted(chains, 0.05, sorted), QuantileFromSorted(chains, 0.95, sorted));
    }

    /// <summary>ESS of the <paramref name="probability"/> quantile: basic ESS of the split chains of I(x ≤ q).</summary>
    public static double Quantile(IReadOnlyList<double[]> chains, double probability)
    {
        DrawMatrix.Check(chains);
        if (DrawMatrix.AnyNonFinite(chains))
        {
            return double.NaN;
        }

        return QuantileFromSorted(chains, probability, Sorted(chains));
    }

    /// <summary>As <see cref="Quantile(IReadOnlyList{double[]}, double)"/> with the pooled draws already sorted.</summary>
    internal static double QuantileFromSorted(IReadOnlyList<double[]> chains, double probability, double[] sortedPooled)
    {
        var q = SortedArrayStatistics.QuantileCustom(sortedPooled, probability, QuantileDefinition.R7);
        return Basic(SplitChains.Split(DrawMatrix.Map(chains, x => x <= q ? 1 : 0)));
    }

    /// <summary>ESS of the mean: basic ESS of the split chains.</summary>
    public static double Mean(IReadOnlyList<double[]> chains) => Basic(SplitChains.Split(chains));

    /// <summary>R's default (type 7) sample quantile, the definition posterior summaries use.</summary>
    public static double SampleQuantile(double[] draws, double probability)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var sorted = (double[])draws.Clone();
        Array.Sort(sorted);
        return SortedArrayStatistics.QuantileCustom(sorted, probability, QuantileDefinition.R7);
    }

    /// <summary>Every draw of every chain, sorted ascending.</summary>
    internal static double[] Sorted(IReadOnlyList<double[]> chains)
    {
        var pooled = DrawMatrix.Pool(chains);
        Array.Sort(pooled);
        return pooled;
    }
}
