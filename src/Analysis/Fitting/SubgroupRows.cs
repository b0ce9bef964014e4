using MetaAnalysis.Core.Data;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The design row of each subgroup of a subgroups model (the intercept plus that level's dummy), whose
/// linear combination with the coefficients is the subgroup's mean, <c>mu[level]</c>.
/// </summary>
internal static class SubgroupRows
{
    /// <summary>Each level in sorted order with its design row; empty unless the request is a subgroups model.</summary>
    public static IReadOnlyList<(string Name, double[] Row)> Of(AnalysisRequest request)
    {
        if (request.Model != Contracts.V1.Model.KindOneofCase.Subgroups)
        {
            return [];
        }

        var levels = ((CategoricalModerator)request.Data.Moderators[request.Spec.Model.Subgroups.Moderator]).Values;
        var design = request.Design;
        return levels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(level =>
        {
            var effect = levels.ToList().IndexOf(level);
            return ($"mu[{level}]", Enumerable.Range(0, design.Columns).Select(j => design.X[effect, j]).ToArray());
        }).ToArray();
    }
}
