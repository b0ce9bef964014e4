using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The design row of each subgroup of a common-τ² subgroups model (the intercept plus that level's dummy),
/// whose linear combination with the coefficients is the subgroup's mean, <c>mu[level]</c>.
/// </summary>
internal static class SubgroupDesignRows
{
    /// <summary>Each level in sorted order with its design row.</summary>
    public static IReadOnlyList<(string Level, double[] Row)> Of(ValidatedAnalysis analysis, SubgroupSettings subgroups)
    {
        var design = analysis.Design;
        var levels = subgroups.Levels;
        return subgroups.SortedLevels.Select(level =>
        {
            var effect = levels.ToList().IndexOf(level);
            return (level, Enumerable.Range(0, design.Columns).Select(j => design.X[effect, j]).ToArray());
        }).ToArray();
    }
}
