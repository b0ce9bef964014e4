using MathNet.Numerics.Distributions;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>Monte Carlo standard errors of posterior summaries, as the posterior package defines them.</summary>
public static class MonteCarloStandardError
{
    /// <summary>Normal probabilities at ±1 standard deviation, which give a quantile's ±1 SE interval.</summary>
    private const double LowerOneSigma = 0.1586553;
    private const double UpperOneSigma = 0.8413447;

    /// <summary>MCSE of the mean: sd / √ESS_mean.</summary>
    public static double Mean(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var pooled = DrawMatrix.Pool(chains);
        return Math.Sqrt(DrawMatrix.Variance(pooled) / EffectiveSampleSize.Mean(chains));
    }

    /// <summary>MCSE of the standard deviation, without assuming normality.</summary>
    /// <remarks>
    /// With centred draws c: Var(s²) ≈ (E c⁴ - (E c²)²) / ESS (Kenney and Keeping 1951), ESS being that of
    /// the mean of c²; by the delta method Var(s) ≈ Var(s²) / (4 E c²).
    /// </remarks>
    public static double Sd(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var mean = DrawMatrix.Mean(DrawMatrix.Pool(chains));
        var squares = DrawMatrix.Map(chains, x => (x - mean) * (x - mean));
        var ess = EffectiveSampleSize.Mean(squares);
        var pooledSquares = DrawMatrix.Pool(squares);
        var expectedVariance = pooledSquares.Average();
        var expectedFourth = pooledSquares.Average(s => s * s);
        var varianceOfVariance = (expectedFourth - (expectedVariance * expectedVariance)) / ess;
        return Math.Sqrt(varianceOfVariance / expectedVariance / 4);
    }

    /// <summary>MCSE of the <paramref name="probability"/> quantile.</summary>
    /// <remarks>
    /// The number of draws below the quantile behaves as a binomial with ESS_q trials; its Beta(ESS p + 1,
    /// ESS (1-p) + 1) interval at ±1 SE, mapped back through the sorted draws, has half-width the MCSE.
    /// </remarks>
    public static double Quantile(IReadOnlyList<double[]> chains, double probability)
    {
        DrawMatrix.Check(chains);
        return DrawMatrix.AnyNonFinite(chains) ? double.NaN : QuantileFromSorted(chains, probability, EffectiveSampleSize.Sorted(chains));
    }

    /// <summary>As <see cref="Quantile"/> with the pooled draws already sorted.</summary>
    internal static double QuantileFromSorted(IReadOnlyList<double[]> chains, double probability, double[] sorted)
    {
        var ess = EffectiveSampleSize.QuantileFromSorted(chains, probability, sorted);
        if (double.IsNaN(ess))
        {
            return double.NaN;
        }

        var a = (ess * probability) + 1;
        var b = (ess * (1 - probability)) + 1;
        var lower = Beta.InvCDF(a, b, LowerOneSigma);
        var upper = Beta.InvCDF(a, b, UpperOneSigma);
        var s = sorted.Length;
        var low = sorted[Math.Max((int)Math.Floor(lower * s), 1) - 1];
        var high = sorted[Math.Min((int)Math.Ceiling(upper * s), s) - 1];
        return (high - low) / 2;
    }
}
