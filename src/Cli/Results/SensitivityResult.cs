namespace MetaAnalysis.Cli.Results;

/// <summary>One model's main coefficient at one assumed pre/post correlation.</summary>
/// <param name="Model">The model.</param>
/// <param name="AssumedCorrelation">The correlation imputed where none was reported.</param>
/// <param name="Estimate">The model's first coefficient (the pooled effect of intercept-only models).</param>
public sealed record SensitivityRow(string Model, double AssumedCorrelation, EstimateRow Estimate);

/// <summary>The sweep over the assumed pre/post correlation.</summary>
/// <param name="ImputedEffects">Effects whose correlation was imputed (and so move with the assumption).</param>
/// <param name="Rows">One row per model and correlation.</param>
public sealed record SensitivityResult(int ImputedEffects, IReadOnlyList<SensitivityRow> Rows);
