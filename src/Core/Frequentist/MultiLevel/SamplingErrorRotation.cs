namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The effects, the design and the cluster indicator expressed in the eigenbasis of each cluster's block
/// of V: with V_c = U Λ U', U'(V_c + σ²_within I)U = Λ + σ²_within I is diagonal at every σ_within, so a
/// model on V has the form of one on independent errors with variances λ, effects U'y, design U'X, and a
/// cluster effect that loads on each rotated row by a = U'1 instead of 1.
/// </summary>
/// <remarks>
/// The Bayesian engines that integrate or sample σ_between and σ_within use it: the exact engine's
/// Sherman–Morrison update of (D_c + σ²_between aa')⁻¹ and its O(clusters · p²) step per σ_between stay as
/// they were, with Σ a²/d, Σ a ỹ/d and Σ a x̃/d in place of the plain cluster sums. A cluster whose
/// errors are uncorrelated is left as it is (U = I, a = 1). Rotated rows keep the positions of their
/// cluster's effects, so cluster membership is unchanged.
/// </remarks>
internal sealed class SamplingErrorRotation
{
    private SamplingErrorRotation(double[] y, double[] x, double[] variances, double[] loadings, bool[] correlated)
    {
        Y = y;
        X = x;
        Variances = variances;
        Loadings = loadings;
        Correlated = correlated;
    }

    /// <summary>U'y, cluster by cluster.</summary>
    public double[] Y { get; }

    /// <summary>U'X, k x p row-major.</summary>
    public double[] X { get; }

    /// <summary>The eigenvalues λ of each block (vi for an uncorrelated cluster): the rotated rows' independent variances.</summary>
    public double[] Variances { get; }

    /// <summary>a = U'1: how much the cluster effect loads on each rotated row.</summary>
    public double[] Loadings { get; }

    /// <summary>Whether each cluster's block is correlated (and so rotated).</summary>
    public IReadOnlyList<bool> Correlated { get; }

    /// <summary>Rotates <paramref name="y"/> and the k x <paramref name="columns"/> row-major design <paramref name="x"/> by the blocks of <paramref name="covariance"/>.</summary>
    public static SamplingErrorRotation Of(SamplingCovariance covariance, IReadOnlyList<double> y, double[] x, int columns)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(x);
        var k = y.Count;
        var rotatedY = y.ToArray();
        var rotatedX = (double[])x.Clone();
        var variances = covariance.Variances.ToArray();
        var loadings = Enumerable.Repeat(1.0, k).ToArray();
        var clusters = covariance.Clusters;
        var correlated = new bool[clusters.Count];
        for (var c = 0; c < clusters.Count; c++)
        {
            if (covariance.Block(c) is not { } block)
            {
                continue;
            }

            correlated[c] = true;
            var rows = clusters.Members[c];
            var u = block.Eigenvectors;
            for (var e = 0; e < rows.Count; e++)
            {
                var target = rows[e];
                double sumY = 0, sumOnes = 0;
                for (var r = 0; r < rows.Count; r++)
                {
                    sumY += u[r, e] * y[rows[r]];
                    sumOnes += u[r, e];
                }

                rotatedY[target] = sumY;
                loadings[target] = sumOnes;
                variances[target] = block.Eigenvalues[e];
                for (var j = 0; j < columns; j++)
                {
                    var sum = 0.0;
                    for (var r = 0; r < rows.Count; r++)
                    {
                        sum += u[r, e] * x[(rows[r] * columns) + j];
                    }

                    rotatedX[(target * columns) + j] = sum;
                }
            }
        }

        return new SamplingErrorRotation(rotatedY, rotatedX, variances, loadings, correlated);
    }
}
