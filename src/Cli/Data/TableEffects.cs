namespace MetaAnalysis.Cli.Data;

/// <summary>
/// The effects of a study table as a plan describes them, one per row: yi and vi (NaN where missing, or
/// where the measure lacks an input), a label, and the study of each effect.
/// </summary>
/// <param name="Yi">The effect sizes.</param>
/// <param name="Vi">Their sampling variances.</param>
/// <param name="Labels">A label per effect.</param>
/// <param name="Studies">The study (cluster) of each effect ("" where missing); null when the plan names no study column.</param>
/// <param name="Measure">metafor's measure code when the effects were computed from raw columns; null when the table gave yi.</param>
public sealed record TableEffects(
    IReadOnlyList<double> Yi,
    IReadOnlyList<double> Vi,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string>? Studies,
    string? Measure);
