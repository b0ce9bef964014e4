using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The covariance V of the sampling errors of k effects, block-diagonal by cluster: effects of one
/// cluster (study) may share participants and so have correlated errors, effects of different clusters
/// never do. A cluster whose errors are uncorrelated keeps only its variances.
/// </summary>
/// <remarks>
/// Each correlated block is stored with its eigendecomposition V_j = U Λ U', taken once: the models fitted
/// on V need (V_j + σ² I)⁻¹ and log|V_j + σ² I| at many σ², and with U fixed those are
/// U diag(1/(λ + σ²)) U' and Σ log(λ + σ²), O(n_j²) each instead of a new factorization.
/// </remarks>
public sealed class SamplingCovariance
{
    private const double SymmetryTolerance = 1e-10;

    private readonly double[] variances;
    private readonly CorrelatedBlock?[] blocks;

    private SamplingCovariance(EffectClusters clusters, double[] variances, CorrelatedBlock?[] blocks)
    {
        Clusters = clusters;
        this.variances = variances;
        this.blocks = blocks;
    }

    /// <summary>The clusters whose blocks make up V.</summary>
    public EffectClusters Clusters { get; }

    /// <summary>The sampling variances, V's diagonal, in data order.</summary>
    public IReadOnlyList<double> Variances => variances;

    /// <summary>Whether every block is diagonal (no two effects have correlated errors).</summary>
    public bool IsDiagonal => blocks.All(b => b is null);

    /// <summary>Uncorrelated errors: V = diag(vi).</summary>
    public static SamplingCovariance Diagonal(IReadOnlyList<double> vi, EffectClusters clusters)
    {
        ArgumentNullException.ThrowIfNull(vi);
        ArgumentNullException.ThrowIfNull(clusters);
        RequireVariances(vi, clusters);
        return new SamplingCovariance(clusters, vi.ToArray(), new CorrelatedBlock?[clusters.Count]);
    }

    /// <summary>
    /// One working correlation for every pair of effects of a cluster: V_ii = vᵢ, V_ij = ρ √(vᵢ vⱼ) within a
    /// cluster, 0 across clusters — metafor's <c>vcalc(vi, cluster, obs = effect, rho)</c> and clubSandwich's
    /// <c>impute_covariance_matrix(vi, cluster, r = rho)</c>.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="InvalidInputException"/> naming <c>rho</c> when ρ is outside [-1, 1], and naming
    /// <c>vi</c> for a variance that is not finite and positive or a block that is not positive definite
    /// (ρ = 1, or a negative ρ too large for the cluster's size: a block of n effects needs ρ &gt; -1/(n - 1)).
    /// </remarks>
    public static SamplingCovariance ConstantCorrelation(IReadOnlyList<double> vi, EffectClusters clusters, double rho)
    {
        ArgumentNullException.ThrowIfNull(vi);
        ArgumentNullException.ThrowIfNull(clusters);
        RequireVariances(vi, clusters);
        if (!(rho >= -1 && rho <= 1))
        {
            throw new InvalidInputException("rho", $"must be a correlation in [-1, 1], got {rho.ToString("R", CultureInfo.InvariantCulture)}");
        }

        return FromBlocks(vi, clusters, rows => Matrix<double>.Build.Dense(rows.Count, rows.Count, (r, c) =>
            r == c ? vi[rows[r]] : rho * Math.Sqrt(vi[rows[r]] * vi[rows[c]])));
    }

    /// <summary>
    /// A covariance given for each pair of effects (metafor's <c>V</c> argument): a symmetric k x k matrix
    /// whose entries across clusters are 0.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="InvalidInputException"/> naming <c>V</c> when the matrix is not k x k, not
    /// symmetric, has a non-zero covariance between effects of different clusters, or a block that is not
    /// positive definite.
    /// </remarks>
    public static SamplingCovariance FromMatrix(Matrix<double> covariance, EffectClusters clusters)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(clusters);
        var k = clusters.EffectCount;
        if (covariance.RowCount != k || covariance.ColumnCount != k)
        {
            throw new InvalidInputException("V", $"is {covariance.RowCount} x {covariance.ColumnCount} but there are {k} effects");
        }

        for (var r = 0; r < k; r++)
        {
            for (var c = r + 1; c < k; c++)
            {
                var (upper, lower) = (covariance[r, c], covariance[c, r]);
                if (!double.IsFinite(upper) || Math.Abs(upper - lower) > SymmetryTolerance * Math.Sqrt(Math.Abs(covariance[r, r] * covariance[c, c])))
                {
                    throw new InvalidInputException($"V[{r}, {c}]", "must be finite and equal to its mirror entry (V is symmetric)");
                }

                if (upper != 0 && clusters.ClusterOf(r) != clusters.ClusterOf(c))
                {
                    throw new InvalidInputException($"V[{r}, {c}]", "is a covariance between effects of different clusters; V must be block-diagonal by cluster");
                }
            }
        }

        var vi = Enumerable.Range(0, k).Select(i => covariance[i, i]).ToArray();
        RequireVariances(vi, clusters, "V");
        return FromBlocks(vi, clusters, rows => Matrix<double>.Build.Dense(rows.Count, rows.Count, (r, c) => covariance[rows[r], rows[c]]), "V");
    }

    /// <summary>The k x k matrix V.</summary>
    public Matrix<double> ToMatrix()
    {
        var k = variances.Length;
        var matrix = Matrix<double>.Build.DenseDiagonal(k, k, i => variances[i]);
        for (var j = 0; j < blocks.Length; j++)
        {
            if (blocks[j] is not { } block)
            {
                continue;
            }

            var rows = Clusters.Members[j];
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < rows.Count; c++)
                {
                    matrix[rows[r], rows[c]] = block.Covariance[r, c];
                }
            }
        }

        return matrix;
    }

    /// <summary>The correlated block of cluster <paramref name="cluster"/>, or null when its errors are uncorrelated.</summary>
    internal CorrelatedBlock? Block(int cluster) => blocks[cluster];

    private static SamplingCovariance FromBlocks(IReadOnlyList<double> vi, EffectClusters clusters, Func<IReadOnlyList<int>, Matrix<double>> blockOf, string field = "vi")
    {
        var blocks = new CorrelatedBlock?[clusters.Count];
        for (var j = 0; j < clusters.Count; j++)
        {
            var rows = clusters.Members[j];
            if (rows.Count == 1)
            {
                continue;
            }

            var covariance = blockOf(rows);
            var offDiagonal = false;
            for (var r = 0; r < rows.Count && !offDiagonal; r++)
            {
                for (var c = 0; c < rows.Count; c++)
                {
                    offDiagonal |= r != c && covariance[r, c] != 0;
                }
            }

            if (!offDiagonal)
            {
                continue;
            }

            blocks[j] = CorrelatedBlock.Create(covariance)
                ?? throw new InvalidInputException(field, $"gives cluster '{clusters.Labels[j]}' a sampling covariance that is not positive definite");
        }

        return new SamplingCovariance(clusters, vi.ToArray(), blocks);
    }

    private static void RequireVariances(IReadOnlyList<double> vi, EffectClusters clusters, string field = "vi")
    {
        Guard.SameLength(vi, field, clusters.EffectCount, "cluster");
        for (var i = 0; i < vi.Count; i++)
        {
            if (!(double.IsFinite(vi[i]) && vi[i] > 0))
            {
                throw new InvalidInputException(Guard.Element(field, i), $"must be a finite positive sampling variance, got {vi[i].ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
    }
}
