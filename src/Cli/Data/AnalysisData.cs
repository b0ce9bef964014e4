using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Data;

/// <summary>The studies of an analysis: the table as read, the effects and variances the models use, and the study of each effect.</summary>
/// <param name="Table">The table as read.</param>
/// <param name="Effects">yi, vi and a label per effect.</param>
/// <param name="Studies">The study (cluster) of each effect; null when the plan names no study column.</param>
/// <param name="Measure">metafor's measure code when the effects were computed from raw columns; null when the table gave yi.</param>
/// <param name="ImputedCorrelation">The pre/post correlation used where none was reported; null when none was imputed.</param>
/// <param name="ImputedRows">Rows (0-based) whose correlation was imputed.</param>
public sealed record AnalysisData(
    StudyTable Table,
    EffectData Effects,
    IReadOnlyList<string>? Studies,
    string? Measure,
    double? ImputedCorrelation,
    IReadOnlyList<int> ImputedRows)
{
    /// <summary>Number of effects.</summary>
    public int K => Effects.K;

    /// <summary>Number of distinct studies (k when there is no study column).</summary>
    public int StudyCount => Studies?.Distinct(StringComparer.Ordinal).Count() ?? K;

    /// <summary>The study column, or an error naming the model that needs it.</summary>
    public IReadOnlyList<string> RequireStudies(string field) =>
        Studies ?? throw new Core.Validation.InvalidInputException(field, "needs data.study: the column naming each effect's study");
}
