namespace MetaAnalysis.Cli.Results;

/// <summary>One effect of the data.</summary>
/// <param name="Label">Its label.</param>
/// <param name="Study">Its study.</param>
/// <param name="Yi">Effect size.</param>
/// <param name="Vi">Sampling variance.</param>
public sealed record EffectRow(string Label, string? Study, double Yi, double Vi);
