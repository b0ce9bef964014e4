using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

/// <summary>
/// The three-level model written out with full k x k matrices, straight from its definition: an
/// independent re-derivation of what the engine computes cluster by cluster.
/// </summary>
internal static class DenseThreeLevel
{
    public static Matrix<double> MarginalCovariance(double[] vi, string[] cluster, double between, double within) =>
        Matrix<double>.Build.Dense(vi.Length, vi.Length, (i, j) =>
            (cluster[i] == cluster[j] ? between : 0) + (i == j ? vi[i] + within : 0));

    public static Matrix<double> Design(int k, params double[][] moderators) =>
        Matrix<double>.Build.Dense(k, moderators.Length + 1, (i, c) => c == 0 ? 1 : moderators[c - 1][i]);

    /// <summary>b, (X'V⁻¹X)⁻¹ and r'V⁻¹r at the given V.</summary>
    public static (Vector<double> Beta, Matrix<double> Covariance, double Rss) Gls(double[] yi, Matrix<double> x, Matrix<double> v)
    {
        var y = Vector<double>.Build.DenseOfArray(yi);
        var vInverse = v.Inverse();
        var covariance = (x.Transpose() * vInverse * x).Inverse();
        var beta = covariance * x.Transpose() * vInverse * y;
        var r = y - (x * beta);
        return (beta, covariance, r * vInverse * r);
    }

    /// <summary>metafor's log-likelihoods: ML -k/2 log 2π - 1/2 log|V| - 1/2 RSS; REML adds the X terms.</summary>
    public static double LogLikelihood(double[] yi, double[] vi, string[] cluster, Matrix<double> x, double between, double within, bool restricted)
    {
        var v = MarginalCovariance(vi, cluster, between, within);
        var (_, covariance, rss) = Gls(yi, x, v);
        var k = yi.Length;
        var p = x.ColumnCount;
        var logDetV = Math.Log(v.Determinant());
        if (!restricted)
        {
            return (-0.5 * k * Math.Log(2 * Math.PI)) - (0.5 * logDetV) - (0.5 * rss);
        }

        var logDetXtX = Math.Log((x.Transpose() * x).Determinant());
        var logDetInformation = -Math.Log(covariance.Determinant());
        return (-0.5 * (k - p) * Math.Log(2 * Math.PI)) + (0.5 * logDetXtX) - (0.5 * logDetV) - (0.5 * logDetInformation) - (0.5 * rss);
    }
}
