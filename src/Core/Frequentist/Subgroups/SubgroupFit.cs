namespace MetaAnalysis.Core.Frequentist.Subgroups;

/// <summary>The model fitted within one subgroup.</summary>
/// <param name="Level">The subgroup's label.</param>
/// <param name="Rows">Indices of its effects in the full data.</param>
/// <param name="Fit">The fit (an equal-effects fit with a z test when the subgroup has a single study, as metafor).</param>
public sealed record SubgroupFit(string Level, IReadOnlyList<int> Rows, RandomEffectsFit Fit);
