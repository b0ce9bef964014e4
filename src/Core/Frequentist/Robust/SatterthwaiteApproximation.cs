using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>
/// clubSandwich's Satterthwaite degrees of freedom for each coefficient of a cluster-robust covariance,
/// under the working model with inverse-variance weights.
/// </summary>
/// <remarks>
/// The robust variance of coefficient i is Σ_j (g_j'e_j)², g_j' the i-th row of the estimating matrix
/// E_j = c M X_j' W_j A_j. Under the working model the residuals have covariance Θ - X M X', so the
/// vector (g_j'e_j)_j is normal with covariance P, P_jk = δ_jk g_j'Θ_j g_j - (g_j'X_j) M (X_k'g_k).
/// Matching the first two moments of Σ_j (g_j'e_j)² (mean tr P, variance 2 tr P²) to a scaled
/// chi-square gives ν_i = (tr P)² / Σ_jk P_jk². Computed through L_j (Θ_j = L_j L_j') and C (M = CC')
/// as clubSandwich does: P = diag(‖g_j'L_j‖²) - (g_j'X_j C)(g_k'X_k C)'.
/// </remarks>
internal static class SatterthwaiteApproximation
{
    public static double[] DegreesOfFreedom(IReadOnlyList<ClusterBlock> blocks, IReadOnlyList<Matrix<double>> estimatingMatrices, Matrix<double> bread)
    {
        var p = bread.RowCount;
        var clusters = blocks.Count;
        var breadFactor = bread.Cholesky().Factor;
        var scaled = new Matrix<double>[clusters];
        var projected = new Matrix<double>[clusters];
        for (var j = 0; j < clusters; j++)
        {
            scaled[j] = estimatingMatrices[j] * blocks[j].Theta.Cholesky().Factor;
            projected[j] = estimatingMatrices[j] * blocks[j].X * breadFactor;
        }

        var result = new double[p];
        for (var i = 0; i < p; i++)
        {
            var h = Matrix<double>.Build.Dense(clusters, p, (j, c) => projected[j][i, c]);
            var moments = -h.TransposeAndMultiply(h);
            for (var j = 0; j < clusters; j++)
            {
                moments[j, j] += scaled[j].Row(i).DotProduct(scaled[j].Row(i));
            }

            var trace = moments.Trace();
            result[i] = trace * trace / moments.PointwisePower(2).Enumerate().Sum();
        }

        return result;
    }
}
