namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>One step of a cumulative three-level analysis: the model fitted to the clusters added so far.</summary>
/// <param name="Label">The cluster added last.</param>
/// <param name="Clusters">Number of clusters in the fit.</param>
/// <param name="K">Number of effects in the fit.</param>
/// <param name="Estimate">The pooled estimate with its test and interval.</param>
/// <param name="Sigma2Between">σ² between clusters.</param>
/// <param name="Sigma2Within">σ² within clusters.</param>
public sealed record ThreeLevelCumulativeStep(string Label, int Clusters, int K, CoefficientEstimate Estimate, double Sigma2Between, double Sigma2Within);
