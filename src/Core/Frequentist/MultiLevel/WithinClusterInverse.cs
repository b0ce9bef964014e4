namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// A = (V_j + σ²_within I)⁻¹ for one cluster at one σ²_within: the part of the cluster's inverse
/// marginal covariance without the between-cluster component, which the three-level likelihood then adds
/// by Sherman-Morrison. Diagonal (A = diag(1/(vᵢ + σ²_w))) when the cluster's errors are uncorrelated,
/// dense (U diag(1/(λ + σ²_w)) U') when they are correlated.
/// </summary>
/// <remarks>
/// The diagonal form keeps the uncorrelated model's cost at O(n_j) per cluster; the dense form costs
/// O(n_j²) per product, which is cheap because clusters hold a handful of effects.
/// </remarks>
internal sealed class WithinClusterInverse
{
    private readonly double[]? diagonal;
    private readonly double[,]? dense;

    private WithinClusterInverse(double[]? diagonal, double[,]? dense, double[] rowSums, double logDeterminant)
    {
        this.diagonal = diagonal;
        this.dense = dense;
        RowSums = rowSums;
        Sum = rowSums.Sum();
        LogDeterminant = logDeterminant;
    }

    /// <summary>The diagonal of A when the cluster's errors are uncorrelated (A is then diagonal), else null: callers fuse their loops over it.</summary>
    public double[]? DiagonalEntries => diagonal;

    /// <summary>s = A1.</summary>
    public double[] RowSums { get; }

    /// <summary>1'A1.</summary>
    public double Sum { get; }

    /// <summary>log|V_j + σ²_w I| = -log|A|.</summary>
    public double LogDeterminant { get; }

    /// <summary>A for uncorrelated errors with the given variances.</summary>
    public static WithinClusterInverse Diagonal(double[] variances, double sigma2Within)
    {
        var a = new double[variances.Length];
        var logDeterminant = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var total = variances[i] + sigma2Within;
            a[i] = 1 / total;
            logDeterminant += Math.Log(total);
        }

        return new WithinClusterInverse(a, null, a, logDeterminant);
    }

    /// <summary>A = U diag(1/(λ + σ²_w)) U' for a correlated block.</summary>
    public static WithinClusterInverse Correlated(CorrelatedBlock block, double sigma2Within)
    {
        var n = block.Size;
        var u = block.Eigenvectors;
        var inverseValues = new double[n];
        var logDeterminant = 0.0;
        for (var m = 0; m < n; m++)
        {
            var total = block.Eigenvalues[m] + sigma2Within;
            inverseValues[m] = 1 / total;
            logDeterminant += Math.Log(total);
        }

        var a = new double[n, n];
        var rowSums = new double[n];
        for (var r = 0; r < n; r++)
        {
            for (var c = r; c < n; c++)
            {
                var sum = 0.0;
                for (var m = 0; m < n; m++)
                {
                    sum += u[r, m] * inverseValues[m] * u[c, m];
                }

                a[r, c] = sum;
                a[c, r] = sum;
            }
        }

        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                rowSums[r] += a[r, c];
            }
        }

        return new WithinClusterInverse(null, a, rowSums, logDeterminant);
    }

    /// <summary>A_rc.</summary>
    public double Entry(int r, int c) =>
        diagonal is not null ? (r == c ? diagonal[r] : 0) : dense![r, c];

    /// <summary>A v.</summary>
    public double[] Times(double[] v)
    {
        var n = v.Length;
        var result = new double[n];
        if (diagonal is not null)
        {
            for (var i = 0; i < n; i++)
            {
                result[i] = diagonal[i] * v[i];
            }

            return result;
        }

        for (var r = 0; r < n; r++)
        {
            var sum = 0.0;
            for (var c = 0; c < n; c++)
            {
                sum += dense![r, c] * v[c];
            }

            result[r] = sum;
        }

        return result;
    }

    /// <summary>A R for R given by its rows (n rows of length p).</summary>
    public double[][] Times(double[][] rows, int p)
    {
        var n = rows.Length;
        var result = new double[n][];
        for (var r = 0; r < n; r++)
        {
            var row = new double[p];
            if (diagonal is not null)
            {
                for (var col = 0; col < p; col++)
                {
                    row[col] = diagonal[r] * rows[r][col];
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var entry = dense![r, i];
                    for (var col = 0; col < p; col++)
                    {
                        row[col] += entry * rows[i][col];
                    }
                }
            }

            result[r] = row;
        }

        return result;
    }

    /// <summary>x'A y.</summary>
    public double Quadratic(double[] x, double[] y)
    {
        var total = 0.0;
        if (diagonal is not null)
        {
            for (var i = 0; i < x.Length; i++)
            {
                total += x[i] * diagonal[i] * y[i];
            }

            return total;
        }

        var ay = Times(y);
        for (var i = 0; i < x.Length; i++)
        {
            total += x[i] * ay[i];
        }

        return total;
    }

    /// <summary>tr(A).</summary>
    public double Trace()
    {
        if (diagonal is not null)
        {
            return Sum;
        }

        var total = 0.0;
        for (var i = 0; i < RowSums.Length; i++)
        {
            total += dense![i, i];
        }

        return total;
    }

    /// <summary>tr(A²) = Σ A_rc² (A is symmetric).</summary>
    public double TraceOfSquare()
    {
        var total = 0.0;
        var n = RowSums.Length;
        if (diagonal is not null)
        {
            for (var i = 0; i < n; i++)
            {
                total += diagonal[i] * diagonal[i];
            }

            return total;
        }

        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                total += dense![r, c] * dense[r, c];
            }
        }

        return total;
    }
}
