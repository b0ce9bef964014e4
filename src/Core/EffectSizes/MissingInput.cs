namespace MetaAnalysis.Core.EffectSizes;

/// <summary>A row (0-based) whose effect size is missing, and the first of its inputs that was missing.</summary>
/// <param name="Row">The row.</param>
/// <param name="Column">metafor's name of the missing input (<c>sd1i</c>, <c>ri</c>, ...).</param>
public sealed record MissingInput(int Row, string Column);
