using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>
/// The trimming iteration of trim-and-fill, independent of the model that pools the effects: it only
/// needs a pooled estimate of any subset of the effects, so the same code serves random-effects and
/// three-level fits.
/// </summary>
/// <param name="MissingCount">k0, the estimated number of missing studies.</param>
/// <param name="MissingCountStandardError">The standard error of k0 (Duval and Tweedie's formulas).</param>
/// <param name="MirroredRows">Rows (of the original data) whose mirror images are filled in, in the order metafor lists them (least extreme first).</param>
/// <param name="FilledEffects">The filled-in effects: the mirrored rows reflected about the trimmed estimate.</param>
/// <param name="TrimmedEstimate">The pooled estimate of the trimmed data at convergence, on the original scale.</param>
/// <param name="Iterations">How many trimming rounds were needed.</param>
public sealed record TrimAndFillIteration(
    int MissingCount,
    double MissingCountStandardError,
    IReadOnlyList<int> MirroredRows,
    IReadOnlyList<double> FilledEffects,
    double TrimmedEstimate,
    int Iterations)
{
    /// <summary>The iteration limit; Duval and Tweedie's algorithm converges in a few rounds in practice.</summary>
    public const int MaxIterations = 100;

    /// <summary>Runs the iteration.</summary>
    /// <param name="yi">The effects.</param>
    /// <param name="side">Where studies are missing.</param>
    /// <param name="estimator">L0 or R0.</param>
    /// <param name="pooledEstimate">The pooled estimate of the effects at the given rows (original scale).</param>
    /// <remarks>
    /// Effects are flipped when studies are missing on the right, sorted, and the k0 largest trimmed; the
    /// remaining ones are pooled, all effects centred at that estimate and ranked by absolute value
    /// (ties by position), and k0 re-estimated from the signed ranks until it no longer changes.
    /// </remarks>
    public static TrimAndFillIteration Run(IReadOnlyList<double> yi, FunnelSide side, TrimAndFillEstimator estimator, Func<IReadOnlyList<int>, double> pooledEstimate)
    {
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(pooledEstimate);
        var k = yi.Count;
        Guard.AtLeast(k, 3, "yi", "trim-and-fill");
        var sign = side == FunnelSide.Right ? -1.0 : 1.0;

        // Stable sort of the (possibly flipped) effects, as R's sort(index.return = TRUE).
        var order = Enumerable.Range(0, k).OrderBy(i => sign * yi[i]).ToArray();
        var sorted = order.Select(i => sign * yi[i]).ToArray();

        var previous = -1;
        var k0 = 0;
        var iterations = 0;
        var beta = 0.0;
        var seK0 = 0.0;
        while (k0 != previous)
        {
            previous = k0;
            iterations++;
            if (iterations > MaxIterations)
            {
                throw new InvalidOperationException($"trim-and-fill did not converge in {MaxIterations} iterations");
            }

            beta = sign * pooledEstimate(order.Take(k - k0).ToArray());
            var signedRanks = SignedRanks(sorted, beta);
            double estimate;
            if (estimator == TrimAndFillEstimator.L0)
            {
                var sr = signedRanks.Where(r => r > 0).Sum();
                estimate = ((4.0 * sr) - (k * (k + 1.0))) / ((2.0 * k) - 1);
                var varianceSr = ((k * (k + 1.0) * ((2.0 * k) + 1)) + (10 * Math.Pow(estimate, 3)) + (27 * estimate * estimate) + (17 * estimate)
                    - (18.0 * k * estimate * estimate) - (18.0 * k * estimate) + (6.0 * k * k * estimate)) / 24;
                seK0 = 4 * Math.Sqrt(Math.Max(0, varianceSr)) / ((2.0 * k) - 1);
            }
            else
            {
                var negatives = signedRanks.Where(r => r < 0).Select(r => -r).DefaultIfEmpty(0).Max();
                estimate = k - negatives - 1.0;
                seK0 = Math.Sqrt((2 * Math.Max(0, estimate)) + 2);
            }

            k0 = (int)Math.Max(0, Math.Round(estimate, MidpointRounding.ToEven));
            k0 = Math.Min(k0, k - 1);
        }

        var mirrored = order.Skip(k - k0).ToArray();
        var filled = mirrored.Select(i => (2 * sign * beta) - yi[i]).ToArray();
        return new TrimAndFillIteration(k0, Math.Max(0, seK0), mirrored, filled, sign * beta, iterations);
    }

    private static int[] SignedRanks(double[] sorted, double center)
    {
        var k = sorted.Length;
        var centred = sorted.Select(y => y - center).ToArray();

        // rank(abs(x), ties.method = "first"): ties ranked by position.
        var byMagnitude = Enumerable.Range(0, k).OrderBy(i => Math.Abs(centred[i])).ToArray();
        var ranks = new int[k];
        for (var r = 0; r < k; r++)
        {
            ranks[byMagnitude[r]] = r + 1;
        }

        return Enumerable.Range(0, k).Select(i => Math.Sign(centred[i]) * ranks[i]).ToArray();
    }
}
