using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Influence;
using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Subgroups;

/// <summary>
/// Subgroup analysis, in the two ways metafor's documentation shows: a model per subgroup with its own τ²
/// and a Wald-type test of the subgroup estimates' differences; and one meta-regression on the subgroup
/// dummies with a pooled τ², tested by its QM.
/// </summary>
/// <remarks>
/// A subgroup of a single study cannot estimate τ²; as metafor, it is fitted with τ² = 0 and a z test.
/// Larger subgroups must have enough effects for the model (see <see cref="RandomEffectsModel"/>).
/// </remarks>
public static class SubgroupAnalysis
{
    /// <summary>
    /// Fits the subgroups of <paramref name="data"/> given by <paramref name="subgroups"/> (one label per effect).
    /// Throws <see cref="InvalidInputException"/> on field <c>subgroups</c> for a wrong length, an empty label or
    /// fewer than two subgroups.
    /// </summary>
    public static SubgroupAnalysisResult Fit(EffectData data, IReadOnlyList<string> subgroups, RandomEffectsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(subgroups);
        options ??= RandomEffectsOptions.Default;
        Guard.SameLength(subgroups, "subgroups", data.K, "yi");
        for (var i = 0; i < subgroups.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(subgroups[i]))
            {
                throw new InvalidInputException(Guard.Element("subgroups", i), "is empty; every effect needs a subgroup");
            }
        }

        var levels = subgroups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (levels.Length < 2)
        {
            throw new InvalidInputException("subgroups", "a subgroup analysis needs at least two subgroups");
        }

        var estimator = Tau2Estimators.FromCode(options.Method);
        var fits = levels.Select(level =>
        {
            var rows = Enumerable.Range(0, data.K).Where(i => subgroups[i] == level).ToArray();
            var subset = data.Subset(rows);
            var subgroupOptions = subset.K == 1 ? SubsetFits.ForSingleStudy(options) : options;
            return new SubgroupFit(level, rows, RandomEffectsModel.Fit(subset, null, subgroupOptions));
        }).ToArray();

        var pooled = data.K >= levels.Length + (estimator.EstimatesHeterogeneity ? 1 : 0)
            ? RandomEffectsModel.Fit(data, DesignMatrix.Create(data.K, [Moderator.Categorical("subgroup", subgroups)]), options)
            : null;
        return new SubgroupAnalysisResult(fits, SeparateTau2Test(fits), pooled);
    }

    private static SubgroupDifferenceTest? SeparateTau2Test(SubgroupFit[] fits)
    {
        var estimates = fits.Select(f => f.Fit.Coefficients[0].Estimate).ToArray();
        var variances = fits.Select(f => f.Fit.Coefficients[0].StandardError * f.Fit.Coefficients[0].StandardError).ToArray();
        if (variances.Any(v => !(v > 0) || !double.IsFinite(v)))
        {
            return null;
        }

        var equalEffects = RandomEffectsModel.Fit(EffectData.Create(estimates, variances), null, new RandomEffectsOptions { Method = new EqualEffects().Code });
        return new SubgroupDifferenceTest(equalEffects.Qe, equalEffects.QeDegreesOfFreedom, equalEffects.QePValue);
    }
}
