using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The correlated-errors three-level model refitted over a range of working correlations ρ: within-study
/// correlations are rarely reported, so a conclusion is only as good as its stability over plausible ρ.
/// </summary>
public static class SamplingCorrelationSweep
{
    /// <summary>
    /// Fits <see cref="ThreeLevelModel"/> with V = <see cref="SamplingCovariance.ConstantCorrelation"/>(vi, clusters, ρ)
    /// for each ρ of <paramref name="rhos"/>, in the given order.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="Validation.InvalidInputException"/> naming <c>rho</c> when the list is empty, and
    /// whatever a single fit throws (naming <c>rho</c> or <c>vi</c> for a ρ that makes a block singular).
    /// </remarks>
    public static IReadOnlyList<SamplingCorrelationFit> Fit(EffectData data, EffectClusters clusters, IReadOnlyList<double> rhos, DesignMatrix? design = null, ThreeLevelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(rhos);
        if (rhos.Count == 0)
        {
            throw new Validation.InvalidInputException("rho", "needs at least one working correlation");
        }

        return rhos
            .Select(rho => new SamplingCorrelationFit(rho, ThreeLevelModel.Fit(data, clusters, SamplingCovariance.ConstantCorrelation(data.Vi, clusters, rho), design, options)))
            .ToArray();
    }
}
