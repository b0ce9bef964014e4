namespace MetaAnalysis.Cli.Results;

/// <summary>The pooled estimate of one subgroup.</summary>
/// <param name="Level">The subgroup.</param>
/// <param name="K">Effects in it.</param>
/// <param name="Estimate">Its pooled estimate (posterior summary for Bayesian fits).</param>
/// <param name="Tau2">Its own τ² (frequentist subgroups, separate τ² each); null otherwise.</param>
public sealed record SubgroupRow(string Level, int K, EstimateRow Estimate, double? Tau2);
