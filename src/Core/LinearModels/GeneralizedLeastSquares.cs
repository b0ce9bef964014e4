using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.LinearModels;

/// <summary>
/// The generalized least-squares estimate b = (X'WX)^-1 X'Wy with W the inverse of the marginal
/// covariance of y: every frequentist model here is this computation at some variance components.
/// </summary>
public sealed class GeneralizedLeastSquares
{
    private GeneralizedLeastSquares(Vector<double> beta, Matrix<double> covariance, Vector<double> residuals, double residualQuadraticForm)
    {
        Beta = beta;
        Covariance = covariance;
        Residuals = residuals;
        ResidualQuadraticForm = residualQuadraticForm;
    }

    /// <summary>The estimated coefficients.</summary>
    public Vector<double> Beta { get; }

    /// <summary>(X'WX)^-1, the covariance of <see cref="Beta"/> when W is the true inverse covariance.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>y - X b.</summary>
    public Vector<double> Residuals { get; }

    /// <summary>(y - Xb)' W (y - Xb); Cochran's Q when W = diag(1/vi).</summary>
    public double ResidualQuadraticForm { get; }

    /// <summary>Fit with a diagonal weight matrix W = diag(<paramref name="weights"/>).</summary>
    public static GeneralizedLeastSquares FitDiagonal(Vector<double> y, Matrix<double> x, Vector<double> weights)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        var wx = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => weights[i] * x[i, j]);
        var information = x.TransposeThisAndMultiply(wx);
        var covariance = InvertSymmetric(information);
        var beta = covariance * wx.TransposeThisAndMultiply(y);
        var residuals = y - x * beta;
        var q = 0.0;
        for (var i = 0; i < residuals.Count; i++)
        {
            q += weights[i] * residuals[i] * residuals[i];
        }

        return new GeneralizedLeastSquares(beta, covariance, residuals, q);
    }

    /// <summary>Inverse of a symmetric positive-definite matrix through its Cholesky factor.</summary>
    public static Matrix<double> InvertSymmetric(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return matrix.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(matrix.RowCount));
    }
}
