namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// A model's <c>averaging</c> section: robust Bayesian model averaging (RoBMA-PSMA) on the exact engine, with
/// the hypotheses about the effect and heterogeneity (<c>both</c>, <c>absent</c>, <c>present</c>) and the
/// publication-bias adjustments (<c>none</c>, <c>weight_functions</c>, <c>pet</c>, <c>peese</c>; all when empty).
/// </summary>
public sealed record AveragingPlan(string Effect, string Heterogeneity, IReadOnlyList<string> Bias);
