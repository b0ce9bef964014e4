namespace MetaAnalysis.Analysis.Validation;

/// <summary>What a spec asks to be reported besides the estimates.</summary>
/// <param name="Predictive">The predictive distribution (or prediction interval) of a new study's effect.</param>
/// <param name="Loo">PSIS-LOO (NUTS).</param>
/// <param name="MarginalLikelihood">The log marginal likelihood and Bayes factors (exact engine).</param>
/// <param name="Hpd">Highest posterior density intervals.</param>
/// <param name="PlotData">What the model's figures need.</param>
public sealed record ReportFlags(bool Predictive, bool Loo, bool MarginalLikelihood, bool Hpd, bool PlotData);
