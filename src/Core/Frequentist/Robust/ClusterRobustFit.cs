using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>Coefficients of a fitted model with cluster-robust standard errors and t tests.</summary>
/// <param name="Coefficients">The model's coefficients with robust standard errors, t statistics, p-values and intervals on each coefficient's <see cref="CoefficientEstimate.DegreesOfFreedom"/>.</param>
/// <param name="Covariance">The robust (sandwich) covariance of the coefficients.</param>
/// <param name="Options">The adjustment and degrees of freedom used.</param>
/// <param name="Clusters">The clusters the sandwich sums over.</param>
public sealed record ClusterRobustFit(IReadOnlyList<CoefficientEstimate> Coefficients, Matrix<double> Covariance, ClusterRobustOptions Options, EffectClusters Clusters);
