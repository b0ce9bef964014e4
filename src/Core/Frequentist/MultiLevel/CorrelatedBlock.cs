using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// One cluster's sampling covariance V_j with correlated errors, and its eigendecomposition V_j = U Λ U'
/// (U orthogonal, λ &gt; 0), from which (V_j + σ² I)⁻¹ follows at any σ² ≥ 0 without a new factorization.
/// </summary>
internal sealed class CorrelatedBlock
{
    // Eigenvalues below this fraction of the largest make the block numerically singular: V_j + σ² I
    // would then lose every digit at σ² = 0.
    private const double RelativeEigenvalueFloor = 1e-12;

    private CorrelatedBlock(Matrix<double> covariance, double[,] eigenvectors, double[] eigenvalues)
    {
        Covariance = covariance;
        Eigenvectors = eigenvectors;
        Eigenvalues = eigenvalues;
    }

    /// <summary>V_j, n_j x n_j.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>U, column i the eigenvector of λ_i.</summary>
    public double[,] Eigenvectors { get; }

    /// <summary>λ, every one positive.</summary>
    public double[] Eigenvalues { get; }

    /// <summary>The size n_j of the cluster.</summary>
    public int Size => Eigenvalues.Length;

    /// <summary>The decomposed block, or null when <paramref name="covariance"/> is not positive definite.</summary>
    public static CorrelatedBlock? Create(Matrix<double> covariance)
    {
        var symmetric = 0.5 * (covariance + covariance.Transpose());
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(v => v.Real).ToArray();
        var largest = eigenvalues.Max();
        if (!(largest > 0) || eigenvalues.Any(v => !(v > RelativeEigenvalueFloor * largest)))
        {
            return null;
        }

        return new CorrelatedBlock(symmetric, evd.EigenVectors.ToArray(), eigenvalues);
    }
}
