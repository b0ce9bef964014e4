using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>
/// Fail-safe N (file-drawer analysis): how many unpublished null studies would overturn the result.
/// </summary>
/// <param name="Method">"Rosenthal" or "Orwin".</param>
/// <param name="Number">The fail-safe number (rounded up; infinity when Orwin's target has the other sign).</param>
/// <param name="PValue">Rosenthal: the one-sided p-value of Stouffer's combined z; NaN for Orwin.</param>
/// <param name="MeanEffect">Orwin: the unweighted mean effect; NaN for Rosenthal.</param>
/// <param name="Target">Orwin: the effect the file drawer would reduce the mean to; NaN for Rosenthal.</param>
public sealed record FailSafeN(string Method, double Number, double PValue, double MeanEffect, double Target)
{
    /// <summary>Rosenthal's fail-safe N at one-sided level <paramref name="alpha"/>.</summary>
    /// <remarks>
    /// With z_i = y_i / √v_i and Stouffer's z̄ = |Σ z_i| / √k, N = ⌈max(0, k (z̄ / z_(1-α))² - k)⌉: the
    /// number of studies with z = 0 that brings the combined z down to the critical value.
    /// </remarks>
    public static FailSafeN Rosenthal(EffectData data, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.Level(alpha, "alpha");
        var k = data.K;
        var zSum = 0.0;
        for (var i = 0; i < k; i++)
        {
            zSum += data.Yi[i] / Math.Sqrt(data.Vi[i]);
        }

        var zAverage = Math.Abs(zSum / Math.Sqrt(k));
        var critical = Normal.InvCDF(0, 1, 1 - alpha);
        var number = Math.Ceiling(Math.Max(0, (k * Math.Pow(zAverage / critical, 2)) - k));
        return new FailSafeN("Rosenthal", number, 1 - Normal.CDF(0, 1, zAverage), double.NaN, double.NaN);
    }

    /// <summary>Orwin's fail-safe N: studies with effect 0 needed to bring the mean effect down to <paramref name="target"/>.</summary>
    /// <remarks>N = ⌈max(0, k (ȳ - target) / target)⌉ with ȳ the unweighted mean; the default target is ȳ / 2.</remarks>
    public static FailSafeN Orwin(EffectData data, double? target = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.K;
        var mean = data.Yi.Average();
        var goal = target ?? (mean / 2);
        Guard.Finite(goal, "target");
        var number = goal == 0 || Math.Sign(goal) != Math.Sign(mean)
            ? double.PositiveInfinity
            : Math.Ceiling(Math.Max(0, k * (mean - goal) / goal));
        return new FailSafeN("Orwin", number, double.NaN, mean, goal);
    }
}
