using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>One model of a validated batch: its name, its spec (the batch's data with the model) and the validated analysis.</summary>
/// <param name="Name">The model's name in the batch.</param>
/// <param name="Spec">The spec a job of this model carries.</param>
/// <param name="Analysis">The validated analysis.</param>
public sealed record ValidatedBatchModel(string Name, ModelSpec Spec, ValidatedAnalysis Analysis);
