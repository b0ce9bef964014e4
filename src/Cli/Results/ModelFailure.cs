namespace MetaAnalysis.Cli.Results;

/// <summary>A model of the batch that could not be fitted; the others still are.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Error">What went wrong (with the field path when the input is to blame).</param>
public sealed record ModelFailure(string Model, string Error);
