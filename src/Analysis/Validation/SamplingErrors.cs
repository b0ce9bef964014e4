using System.Globalization;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// The covariance V of a three-level model's sampling errors from a working correlation ρ within clusters
/// (metafor's <c>vcalc(vi, cluster, obs, rho)</c>), checked against the request's field so that a ρ that
/// cannot be used is an error naming that field before anything is fitted.
/// </summary>
/// <remarks>
/// With one ρ in every block, V_j = D R D with D = diag(√vᵢ) and R = (1 - ρ) I + ρ 11', whose eigenvalues are
/// 1 - ρ and 1 + (n - 1) ρ: V_j is positive definite exactly when -1/(n - 1) &lt; ρ &lt; 1. The bound is stated
/// for the largest cluster, the one that sets it; Core's eigenvalue check stays the last word for a ρ so
/// near the bound that the block is numerically singular.
/// </remarks>
public static class SamplingErrors
{
    /// <summary>V for <paramref name="rho"/> on <paramref name="effects"/> grouped by <paramref name="clusters"/>.</summary>
    /// <exception cref="InvalidInputException">ρ is not a usable correlation for these clusters; names <paramref name="path"/>.</exception>
    public static SamplingCovariance Covariance(double rho, EffectData effects, IReadOnlyList<string> clusters, string path)
    {
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(clusters);
        var grouped = EffectClusters.Create(clusters, effects.K);
        Check(rho, grouped, path);
        try
        {
            return SamplingCovariance.ConstantCorrelation(effects.Vi, grouped, rho);
        }
        catch (InvalidInputException exception) when (exception.Field is "rho" or "vi")
        {
            throw new InvalidInputException(path, $"ρ = {Describe(rho)} {exception.Problem}");
        }
    }

    /// <summary>Checks that <paramref name="rho"/> keeps every block of <paramref name="clusters"/> positive definite.</summary>
    /// <exception cref="InvalidInputException">It does not; names <paramref name="path"/>.</exception>
    public static void Check(double rho, EffectClusters clusters, string path)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        if (!(rho >= -1 && rho <= 1))
        {
            throw new InvalidInputException(path, $"must be a correlation in [-1, 1], got {Describe(rho)}");
        }

        var largest = clusters.Members.Max(m => m.Count);
        if (largest < 2)
        {
            return;
        }

        if (rho >= 1)
        {
            throw new InvalidInputException(path, "ρ = 1 makes the sampling errors of a study's effects identical, so V is singular; use a value below 1");
        }

        var lowest = -1.0 / (largest - 1);
        if (rho <= lowest)
        {
            var cluster = clusters.Labels[Enumerable.Range(0, clusters.Count).First(j => clusters.Members[j].Count == largest)];
            throw new InvalidInputException(path, string.Create(CultureInfo.InvariantCulture, $"ρ = {Describe(rho)} makes V not positive definite: cluster '{cluster}' has {largest} effects, and {largest} effects can be correlated no more negatively than ρ > {Describe(lowest)}"));
        }
    }

    private static string Describe(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
