using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>Coefficients of a fitted model with cluster-robust standard errors and t tests.</summary>
/// <param name="Coefficients">The model's coefficients with the robust covariance, t statistics, p-values and intervals on <see cref="CoefficientTable.DegreesOfFreedom"/>.</param>
/// <param name="Options">The adjustment and degrees of freedom used.</param>
/// <param name="Clusters">The clusters the sandwich sums over.</param>
public sealed record ClusterRobustFit(CoefficientTable Coefficients, ClusterRobustOptions Options, EffectClusters Clusters);
