namespace MetaAnalysis.Cli.Plans;

/// <summary>A model's permutation test (<c>permutation: true</c> or <c>{ iterations, seed }</c>): exact when every arrangement fits in the iterations, else that many random ones.</summary>
/// <param name="Iterations">metafor's iter (default 1000).</param>
/// <param name="Seed">The random test's seed.</param>
public sealed record PermutationPlan(int Iterations = MetaAnalysis.Analysis.Validation.AnalysisValidator.DefaultPermutations, int Seed = 1);
