using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Running;

/// <summary>How one model of a batch ended: its result, or why it has none.</summary>
/// <param name="Name">The model's name in the batch.</param>
/// <param name="State">Succeeded, failed or cancelled.</param>
/// <param name="Result">The result, when it succeeded.</param>
/// <param name="Failure">Why it failed, when it did.</param>
public sealed record ModelOutcome(string Name, JobState State, FitResult? Result, JobFailure? Failure);
