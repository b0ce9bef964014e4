namespace MetaAnalysis.Cli.Results;

/// <summary>PSIS-LOO of a sampled model.</summary>
/// <param name="Elpd">Expected log pointwise predictive density.</param>
/// <param name="ElpdSe">Its standard error.</param>
/// <param name="EffectiveParameters">p_loo.</param>
/// <param name="HighParetoK">Observations with Pareto k̂ above 0.7 (unreliable).</param>
public sealed record LooSummary(double Elpd, double ElpdSe, double EffectiveParameters, int HighParetoK);
