namespace MetaAnalysis.Analysis.Validation;

/// <summary>A subgroups model's moderator, each effect's level, and whether τ² is separate per subgroup.</summary>
/// <param name="Moderator">The categorical moderator.</param>
/// <param name="Levels">Each effect's subgroup.</param>
/// <param name="SeparateTau2">A random-effects model per subgroup (frequentist); otherwise one meta-regression with a common τ².</param>
public sealed record SubgroupSettings(string Moderator, IReadOnlyList<string> Levels, bool SeparateTau2)
{
    /// <summary>The subgroups in sorted order.</summary>
    public IReadOnlyList<string> SortedLevels => Levels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
