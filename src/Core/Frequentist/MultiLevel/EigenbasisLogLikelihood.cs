namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// The three-level (restricted) log-likelihood in one pass over the effects and without allocating:
/// in the eigenbasis of each cluster's block (V_j = U Λ U', <see cref="SamplingErrorRotation"/>; U = I for
/// uncorrelated errors) V_j + σ²_w I is diagonal with d_i = λ_i + σ²_w, and the cluster effect loads on the
/// rotated rows by a = U'1.
/// </summary>
/// <remarks>
/// <para>With A = diag(1/d), s = A a and c = σ²_b / (1 + σ²_b a'Aa), the block's inverse is A - c s s', so
/// X'V⁻¹X = X'AX - c (X's)(s'X), X'V⁻¹y = X'Ay - c (X's)(s'y), y'V⁻¹y = y'Ay - c (s'y)² and
/// log|V_j| = Σ log d_i + log(1 + σ²_b a'Aa). With b = (X'V⁻¹X)⁻¹X'V⁻¹y the residual form is
/// (y - Xb)'V⁻¹(y - Xb) = y'V⁻¹y - b'X'V⁻¹y: no second pass for the residuals.</para>
/// <para>The optimizer's grid scan and line searches ask only for the value, hundreds of times per fit;
/// the coefficients' covariance, the derivatives and the predictions keep their own full computation.</para>
/// </remarks>
internal sealed class EigenbasisLogLikelihood
{
    private const int StackLimit = 16;

    private readonly int k;
    private readonly int p;
    private readonly int[] blockStart;
    private readonly double[] y;
    private readonly double[] x;
    private readonly double[] variance;
    private readonly double[] loading;

    /// <param name="blocks">Per cluster: the effects, the rows of the design (p columns each), the sampling variances and the correlated block (null: uncorrelated).</param>
    /// <param name="columns">p.</param>
    public EigenbasisLogLikelihood(IReadOnlyList<(double[] Y, double[][] X, double[] V, CorrelatedBlock? Correlated)> blocks, int columns)
    {
        p = columns;
        k = blocks.Sum(b => b.Y.Length);
        blockStart = new int[blocks.Count + 1];
        y = new double[k];
        x = new double[k * p];
        variance = new double[k];
        loading = new double[k];
        var at = 0;
        for (var j = 0; j < blocks.Count; j++)
        {
            blockStart[j] = at;
            var (by, bx, bv, correlated) = blocks[j];
            var n = by.Length;
            for (var e = 0; e < n; e++, at++)
            {
                if (correlated is null)
                {
                    (y[at], variance[at], loading[at]) = (by[e], bv[e], 1);
                    for (var c = 0; c < p; c++)
                    {
                        x[(at * p) + c] = bx[e][c];
                    }

                    continue;
                }

                // Row e of the rotated block is the e-th eigenvector's projection of the cluster's rows.
                var u = correlated.Eigenvectors;
                double sumY = 0, sumOnes = 0;
                for (var r = 0; r < n; r++)
                {
                    sumY += u[r, e] * by[r];
                    sumOnes += u[r, e];
                }

                (y[at], variance[at], loading[at]) = (sumY, correlated.Eigenvalues[e], sumOnes);
                for (var c = 0; c < p; c++)
                {
                    var sum = 0.0;
                    for (var r = 0; r < n; r++)
                    {
                        sum += u[r, e] * bx[r][c];
                    }

                    x[(at * p) + c] = sum;
                }
            }
        }

        blockStart[blocks.Count] = at;
    }

    /// <summary>The log-likelihood with metafor's constants, or null when X'V⁻¹X is not numerically positive definite (the caller's full computation then decides).</summary>
    public double? LogLikelihood(double sigma2Between, double sigma2Within, bool restricted)
    {
        Span<double> information = p * p <= StackLimit * StackLimit ? stackalloc double[p * p] : new double[p * p];
        Span<double> score = p <= StackLimit ? stackalloc double[p] : new double[p];
        Span<double> clusterX = p <= StackLimit ? stackalloc double[p] : new double[p];
        information.Clear();
        score.Clear();
        double quadratic = 0, logDetV = 0;
        for (var j = 0; j + 1 < blockStart.Length; j++)
        {
            double clusterWeight = 0, clusterY = 0;
            clusterX.Clear();
            for (var i = blockStart[j]; i < blockStart[j + 1]; i++)
            {
                var d = variance[i] + sigma2Within;
                var w = 1 / d;
                var a = loading[i];
                logDetV += Math.Log(d);
                var wy = w * y[i];
                quadratic += wy * y[i];
                clusterWeight += a * a * w;
                clusterY += a * wy;
                var offset = i * p;
                for (var r = 0; r < p; r++)
                {
                    var wx = w * x[offset + r];
                    score[r] += wx * y[i];
                    clusterX[r] += a * wx;
                    for (var c = 0; c <= r; c++)
                    {
                        information[(r * p) + c] += wx * x[offset + c];
                    }
                }
            }

            if (sigma2Between != 0)
            {
                var denominator = 1 + (sigma2Between * clusterWeight);
                var gamma = sigma2Between / denominator;
                logDetV += Math.Log(denominator);
                quadratic -= gamma * clusterY * clusterY;
                for (var r = 0; r < p; r++)
                {
                    score[r] -= gamma * clusterX[r] * clusterY;
                    for (var c = 0; c <= r; c++)
                    {
                        information[(r * p) + c] -= gamma * clusterX[r] * clusterX[c];
                    }
                }
            }
        }

        // Cholesky of the lower triangle in place: information = L L'.
        var logDetInformation = 0.0;
        for (var r = 0; r < p; r++)
        {
            for (var c = 0; c <= r; c++)
            {
                var sum = information[(r * p) + c];
                for (var m = 0; m < c; m++)
                {
                    sum -= information[(r * p) + m] * information[(c * p) + m];
                }

                if (r == c)
                {
                    if (!(sum > 0))
                    {
                        return null;
                    }

                    information[(r * p) + r] = Math.Sqrt(sum);
                    logDetInformation += Math.Log(sum);
                }
                else
                {
                    information[(r * p) + c] = sum / information[(c * p) + c];
                }
            }
        }

        // b'X'V⁻¹y = |L⁻¹ X'V⁻¹y|².
        var explained = 0.0;
        for (var r = 0; r < p; r++)
        {
            var sum = score[r];
            for (var m = 0; m < r; m++)
            {
                sum -= information[(r * p) + m] * score[m];
            }

            score[r] = sum / information[(r * p) + r];
            explained += score[r] * score[r];
        }

        var residualQuadraticForm = quadratic - explained;
        return restricted
            ? Frequentist.LogLikelihood.Restricted(k, p, logDetV, 0.0, logDetInformation, residualQuadraticForm)
            : Frequentist.LogLikelihood.Full(k, logDetV, residualQuadraticForm);
    }
}
