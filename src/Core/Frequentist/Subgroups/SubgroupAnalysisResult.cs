namespace MetaAnalysis.Core.Frequentist.Subgroups;

/// <summary>A subgroup analysis: a model per subgroup and two tests of the differences between subgroups.</summary>
/// <param name="Subgroups">One fit per subgroup, levels in ordinal order.</param>
/// <param name="SeparateTau2Test">
/// The Q test between subgroups with a separate τ² per subgroup; null when a subgroup estimate has no
/// standard error (a Knapp-Hartung fit with identical effects).
/// </param>
/// <param name="PooledTau2Fit">
/// The meta-regression on subgroup dummies with one τ² for all (its <see cref="RandomEffectsFit.ModeratorTest"/>
/// is the test of differences); null when there are too few effects to fit it.
/// </param>
public sealed record SubgroupAnalysisResult(IReadOnlyList<SubgroupFit> Subgroups, SubgroupDifferenceTest? SeparateTau2Test, RandomEffectsFit? PooledTau2Fit);
