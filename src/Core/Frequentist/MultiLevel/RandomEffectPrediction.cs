namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>A predicted random effect (BLUP) with the standard error of its prediction error.</summary>
/// <param name="Label">The cluster label, or the effect's label for within-cluster effects.</param>
/// <param name="Estimate">The best linear unbiased prediction.</param>
/// <param name="StandardError">sqrt(Var(û - u)), accounting for the estimation of β.</param>
public sealed record RandomEffectPrediction(string Label, double Estimate, double StandardError);
