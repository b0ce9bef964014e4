namespace MetaAnalysis.Cli.Results;

/// <summary>The NUTS run behind a sampled model and its convergence checks.</summary>
/// <param name="Chains">Chains.</param>
/// <param name="DrawsPerChain">Kept draws per chain.</param>
/// <param name="Divergences">Divergent transitions after warm-up.</param>
/// <param name="SaturatedTreeDepth">Transitions that hit the maximum tree depth.</param>
/// <param name="MaxRhat">Largest R-hat over the reported quantities.</param>
/// <param name="MinEssBulk">Smallest bulk ESS over the reported quantities.</param>
/// <param name="MinEbfmi">Smallest E-BFMI over the chains.</param>
/// <param name="Seconds">Wall time of the sampler.</param>
/// <param name="Seed">The seed (a rerun with it gives the same draws).</param>
public sealed record SamplerSummary(int Chains, int DrawsPerChain, int Divergences, int SaturatedTreeDepth, double MaxRhat, double MinEssBulk, double MinEbfmi, double Seconds, ulong Seed);
