namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>Smoothed log importance weights of one observation and the shape k̂ of their fitted tail.</summary>
/// <param name="LogWeights">Log weights, normalized so that their exponentials sum to 1.</param>
/// <param name="ParetoK">Shape of the generalized Pareto fit to the largest weights (NaN when the tail is too short to fit).</param>
public sealed record SmoothedWeights(IReadOnlyList<double> LogWeights, double ParetoK);

/// <summary>
/// Pareto smoothed importance sampling (Vehtari, Simpson, Gelman, Yao and Gabry 2024): the largest raw
/// importance ratios are replaced by the expected order statistics of a generalized Pareto distribution
/// fitted to them, which stabilizes the estimate, and the fitted shape k̂ says whether it can be trusted.
/// </summary>
/// <remarks>
/// <para>Tail length M = ⌈min(S/5, 3 √(S / r_eff))⌉ for S draws with relative efficiency r_eff. The
/// generalized Pareto is fitted to the exceedances over the largest non-tail weight by Zhang and
/// Stephens' (2009) profile-likelihood quadrature, with the weakly informative adjustment
/// k̂ ← (M k̂ + 5) / (M + 10). The tail weights become the quantiles at (i - ½)/M of the fit, truncated at
/// the largest raw weight.</para>
/// <para>k̂ &lt; min(1 - 1/log₁₀ S, 0.7): reliable; above it the estimate's variance may be infinite.</para>
/// </remarks>
public static class ParetoSmoothedImportanceSampling
{
    /// <summary>The k̂ above which a PSIS estimate from <paramref name="draws"/> draws is unreliable.</summary>
    public static double KThreshold(int draws) => Math.Min(1 - (1 / Math.Log10(draws)), 0.7);

    /// <summary>Smooths the log importance ratios of one observation (for LOO: minus its log likelihood per draw).</summary>
    public static SmoothedWeights Smooth(IReadOnlyList<double> logRatios, double relativeEfficiency = 1)
    {
        ArgumentNullException.ThrowIfNull(logRatios);
        var s = logRatios.Count;
        if (s < 2)
        {
            throw new ArgumentException("at least two draws are needed", nameof(logRatios));
        }

        var max = logRatios.Max();
        var logWeights = logRatios.Select(r => r - max).ToArray();
        var tailLength = (int)Math.Ceiling(Math.Min(0.2 * s, 3 * Math.Sqrt(s / relativeEfficiency)));
        var k = double.NaN;
        if (tailLength >= 5 && tailLength < s)
        {
            var order = Enumerable.Range(0, s).ToArray();
            Array.Sort(logWeights.ToArray(), order);
            var tailStart = s - tailLength;
            var tail = new double[tailLength];
            for (var i = 0; i < tailLength; i++)
            {
                tail[i] = logWeights[order[tailStart + i]];
            }

            var cutoff = logWeights[order[tailStart - 1]];
            if (tail[^1] - tail[0] > double.Epsilon * 1e2)
            {
                var expCutoff = Math.Exp(cutoff);
                var exceedances = tail.Select(t => Math.Exp(t) - expCutoff).ToArray();
                var (shape, scale) = FitGeneralizedPareto(exceedances);
                k = shape;
                if (double.IsFinite(shape))
                {
                    for (var i = 0; i < tailLength; i++)
                    {
                        var probability = (i + 0.5) / tailLength;
                        logWeights[order[tailStart + i]] = Math.Log(GeneralizedParetoQuantile(probability, shape, scale) + expCutoff);
                    }
                }
            }
        }

        // Truncate at the largest raw weight (0 after the shift), then normalize.
        var sum = 0.0;
        for (var i = 0; i < s; i++)
        {
            logWeights[i] = Math.Min(logWeights[i], 0);
            sum += Math.Exp(logWeights[i]);
        }

        var logSum = Math.Log(sum);
        for (var i = 0; i < s; i++)
        {
            logWeights[i] -= logSum;
        }

        return new SmoothedWeights(logWeights, k);
    }

    /// <summary>
    /// Zhang and Stephens' (2009) estimate of the generalized Pareto shape k and scale σ from positive
    /// exceedances sorted ascending, with the adjustment towards k = 0.5 of Vehtari et al.
    /// </summary>
    public static (double Shape, double Scale) FitGeneralizedPareto(IReadOnlyList<double> sortedExceedances)
    {
        ArgumentNullException.ThrowIfNull(sortedExceedances);
        var x = sortedExceedances;
        var n = x.Count;
        const double prior = 3;
        var m = 30 + (int)Math.Floor(Math.Sqrt(n));
        var xStar = x[(int)Math.Floor((n / 4.0) + 0.5) - 1];
        var theta = new double[m];
        var logLikelihood = new double[m];
        for (var j = 0; j < m; j++)
        {
            theta[j] = (1 / x[n - 1]) + ((1 - Math.Sqrt(m / (j + 1 - 0.5))) / prior / xStar);
            var a = -theta[j];
            var kj = 0.0;
            for (var i = 0; i < n; i++)
            {
                kj += Math.Log(1 + (a * x[i]));
            }

            kj /= n;
            logLikelihood[j] = n * (Math.Log(a / kj) - kj - 1);
        }

        var maxLogLikelihood = logLikelihood.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var weightSum = 0.0;
        var thetaHat = 0.0;
        for (var j = 0; j < m; j++)
        {
            var w = double.IsNaN(logLikelihood[j]) ? 0 : Math.Exp(logLikelihood[j] - maxLogLikelihood);
            weightSum += w;
            thetaHat += theta[j] * w;
        }

        thetaHat /= weightSum;
        var k = 0.0;
        for (var i = 0; i < n; i++)
        {
            k += Math.Log(1 - (thetaHat * x[i]));
        }

        k /= n;
        var sigma = -k / thetaHat;
        k = ((k * n) + (10 * 0.5)) / (n + 10);
        return (double.IsNaN(k) ? double.PositiveInfinity : k, sigma);
    }

    /// <summary>Quantile of the generalized Pareto with location 0: σ ((1 - p)^(-k) - 1) / k (→ -σ log(1 - p) as k → 0).</summary>
    public static double GeneralizedParetoQuantile(double probability, double shape, double scale)
    {
        var log1mp = Math.Log(1 - probability);
        return Math.Abs(shape) < 1e-12
            ? -scale * log1mp
            : scale * (Math.Exp(-shape * log1mp) - 1) / shape;
    }
}
