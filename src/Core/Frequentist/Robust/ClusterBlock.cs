using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>
/// One cluster's share of a sandwich: its design rows X_j, residuals e_j, the working covariance
/// Θ_j (the marginal covariance's block) and the weights W_j = Θ_j⁻¹.
/// </summary>
internal sealed record ClusterBlock(Matrix<double> X, Vector<double> Residuals, Matrix<double> Theta, Matrix<double> Weights);
