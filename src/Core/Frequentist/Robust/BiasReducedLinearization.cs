using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>
/// The CR2 adjustment matrices of Bell and McCaffrey's bias-reduced linearization, in the form
/// clubSandwich uses for inverse-variance weights.
/// </summary>
/// <remarks>
/// With the working model Θ_j for cluster j, its upper Cholesky factor R_j (Θ_j = R_j'R_j), the bread
/// M = (X'WX)⁻¹ and the cluster's block of I - H, (I - H)_jj = I - X_j M X_j' W_j:
/// G_j = R_j (I - H)_jj Θ_j R_j' and A_j = R_j' G_j^(-1/2) R_j, the symmetric inverse square root
/// taken over eigenvalues above 1e-12 (the rest set to 0, as clubSandwich does). When Θ is the true
/// covariance, E[A_j e_j e_j' A_j'] = Θ_j, so the adjusted sandwich is unbiased.
/// </remarks>
internal static class BiasReducedLinearization
{
    private const double EigenvalueFloor = 1e-12;

    public static Matrix<double> Adjustment(ClusterBlock block, Matrix<double> bread)
    {
        var n = block.X.RowCount;
        var upper = block.Theta.Cholesky().Factor.Transpose();
        var residualMaker = Matrix<double>.Build.DenseIdentity(n) - (block.X * bread * block.X.TransposeThisAndMultiply(block.Weights));
        var g = upper * residualMaker * block.Theta * upper.Transpose();
        return upper.TransposeThisAndMultiply(InverseSquareRoot(0.5 * (g + g.Transpose()))) * upper;
    }

    /// <summary>Symmetric G^(-1/2) over the eigenvalues above the floor.</summary>
    private static Matrix<double> InverseSquareRoot(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var vectors = evd.EigenVectors;
        var values = evd.EigenValues.Select(v => v.Real).Select(v => v > EigenvalueFloor ? 1 / Math.Sqrt(v) : 0).ToArray();
        return vectors * Matrix<double>.Build.DenseOfDiagonalArray(values) * vectors.Transpose();
    }
}
