using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>
/// Cluster-robust (sandwich) inference for the coefficients of a model fitted by generalized least
/// squares with marginal covariance V: metafor's <c>robust(fit, cluster)</c>, and with CR2 and
/// Satterthwaite degrees of freedom what <c>robust(fit, cluster, clubSandwich = TRUE)</c> reports.
/// </summary>
/// <remarks>
/// The sandwich is c Σ_j M X_j'W_j A_j e_j e_j' A_j' W_j X_j M with M = (X'V⁻¹X)⁻¹ the model's
/// covariance of b, e = y - Xb, W_j the inverse of V's block for cluster j and A_j = I (CR0, CR1,
/// CR1p) or the CR2 adjustment with V as working model. When the clusters split effects that V
/// correlates, the blocks drop those covariances, as clubSandwich does. M is the model-based
/// covariance, never scaled by a Knapp-Hartung factor.
/// </remarks>
public static class ClusterRobustInference
{
    /// <summary>
    /// Robust inference for a three-level fit, clustered by the fit's own clusters or by
    /// <paramref name="cluster"/> labels when given.
    /// </summary>
    public static ClusterRobustFit Compute(ThreeLevelFit fit, ClusterRobustOptions? options = null, IReadOnlyList<string>? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var clusters = cluster is null ? fit.Clusters : EffectClusters.Create(cluster, fit.K);
        return Compute(fit.Data.Yi, fit.Design, fit.MarginalCovariance(), clusters, options);
    }

    /// <summary>
    /// Robust inference for the generalized least-squares fit of <paramref name="yi"/> on
    /// <paramref name="design"/> with <paramref name="marginalCovariance"/> (a univariate random-effects
    /// model passes diag(vi + τ²)), clustered by <paramref name="cluster"/> labels.
    /// </summary>
    public static ClusterRobustFit Compute(IReadOnlyList<double> yi, DesignMatrix design, Matrix<double> marginalCovariance, IReadOnlyList<string> cluster, ClusterRobustOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(cluster);
        return Compute(yi, design, marginalCovariance, EffectClusters.Create(cluster, yi.Count), options);
    }

    /// <summary>As the label overload, with clusters already grouped.</summary>
    /// <remarks>
    /// Throws <see cref="InvalidInputException"/> naming the field when the lengths differ, there are
    /// fewer than 2 clusters, the marginal covariance is not k x k or not positive definite, or (for
    /// J - p degrees of freedom) there are no more clusters than coefficients.
    /// </remarks>
    public static ClusterRobustFit Compute(IReadOnlyList<double> yi, DesignMatrix design, Matrix<double> marginalCovariance, EffectClusters clusters, ClusterRobustOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yi);
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(marginalCovariance);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new ClusterRobustOptions();
        Validate(yi, design, marginalCovariance, clusters, options);

        var x = design.X;
        var p = design.Columns;
        var j = clusters.Count;
        var y = Vector<double>.Build.DenseOfEnumerable(yi);
        var choleskyV = PositiveDefiniteFactor(marginalCovariance);
        var vInverseX = choleskyV.Solve(x);
        var bread = x.TransposeThisAndMultiply(vInverseX).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(p));
        var beta = bread * vInverseX.TransposeThisAndMultiply(y);
        var residuals = y - (x * beta);

        var blocks = clusters.Members.Select(rows => Block(rows, x, residuals, marginalCovariance)).ToArray();
        var scale = options.Type switch
        {
            SandwichType.CR1 => j / (j - 1.0),
            SandwichType.CR1p => j / (double)(j - p),
            _ => 1.0,
        };
        var estimating = blocks
            .Select(b => Math.Sqrt(scale) * bread * b.X.TransposeThisAndMultiply(b.Weights)
                * (options.Type == SandwichType.CR2 ? BiasReducedLinearization.Adjustment(b, bread) : Matrix<double>.Build.DenseIdentity(b.X.RowCount)))
            .ToArray();

        var covariance = Matrix<double>.Build.Dense(p, p);
        for (var c = 0; c < j; c++)
        {
            var component = estimating[c] * blocks[c].Residuals;
            covariance += component.OuterProduct(component);
        }

        var df = options.DegreesOfFreedom switch
        {
            RobustDegreesOfFreedom.Satterthwaite => SatterthwaiteApproximation.DegreesOfFreedom(blocks, estimating, bread),
            RobustDegreesOfFreedom.ClustersMinusCoefficients => Enumerable.Repeat((double)(j - p), p).ToArray(),
            _ => Enumerable.Repeat(j - 1.0, p).ToArray(),
        };

        var coefficients = WaldInference.Coefficients(design.ColumnNames, beta.ToArray(), covariance, options.Level, df);
        return new ClusterRobustFit(coefficients, covariance, options, clusters);
    }

    private static void Validate(IReadOnlyList<double> yi, DesignMatrix design, Matrix<double> marginalCovariance, EffectClusters clusters, ClusterRobustOptions options)
    {
        var k = yi.Count;
        Guard.Finite(yi, "yi");
        Guard.Level(options.Level, "level");
        if (clusters.EffectCount != k)
        {
            throw new InvalidInputException("cluster", $"has {clusters.EffectCount} values but yi has {k}");
        }

        if (design.Rows != k)
        {
            throw new InvalidInputException("moderators", $"have {design.Rows} rows but yi has {k}");
        }

        if (marginalCovariance.RowCount != k || marginalCovariance.ColumnCount != k)
        {
            throw new InvalidInputException("marginalCovariance", $"is {marginalCovariance.RowCount} x {marginalCovariance.ColumnCount} but yi has {k} values");
        }

        for (var r = 0; r < k; r++)
        {
            if (!(marginalCovariance[r, r] > 0) || !double.IsFinite(marginalCovariance[r, r]))
            {
                throw new InvalidInputException(Guard.Element("marginalCovariance", r), "must have a finite positive variance on the diagonal");
            }
        }

        var needed = options.Type == SandwichType.CR1p || options.DegreesOfFreedom == RobustDegreesOfFreedom.ClustersMinusCoefficients
            ? design.Columns + 1
            : 2;
        if (clusters.Count < needed)
        {
            throw new InvalidInputException("cluster", $"needs at least {needed} clusters for {design.Columns} coefficient(s), got {clusters.Count}");
        }
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> PositiveDefiniteFactor(Matrix<double> marginalCovariance)
    {
        try
        {
            return marginalCovariance.Cholesky();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException("marginalCovariance", $"is not symmetric positive definite ({ex.Message})");
        }
    }

    private static ClusterBlock Block(IReadOnlyList<int> rows, Matrix<double> x, Vector<double> residuals, Matrix<double> marginalCovariance)
    {
        var n = rows.Count;
        var theta = Matrix<double>.Build.Dense(n, n, (r, c) => marginalCovariance[rows[r], rows[c]]);
        return new ClusterBlock(
            Matrix<double>.Build.Dense(n, x.ColumnCount, (r, c) => x[rows[r], c]),
            Vector<double>.Build.Dense(n, r => residuals[rows[r]]),
            theta,
            theta.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(n)));
    }
}
