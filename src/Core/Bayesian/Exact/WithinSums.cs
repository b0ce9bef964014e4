namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// Sums of the model at one σ_within with D = diag(v_i + σ_within²): X'D⁻¹X, X'D⁻¹y, y'D⁻¹y, log|D| and,
/// per cluster, 1'D⁻¹1, 1'D⁻¹y and X'D⁻¹1, from which any σ_between is added in O(clusters · p²).
/// </summary>
internal sealed class WithinSums
{
    public WithinSums(double within, int columns, int clusters)
    {
        Within = within;
        Information = new double[columns * columns];
        Score = new double[columns];
        ClusterWeight = new double[clusters];
        ClusterY = new double[clusters];
        ClusterX = new double[clusters * columns];
    }

    /// <summary>σ_within.</summary>
    public double Within { get; }

    /// <summary>X'D⁻¹X, lower triangle, column-major.</summary>
    public double[] Information { get; }

    /// <summary>X'D⁻¹y.</summary>
    public double[] Score { get; }

    /// <summary>y'D⁻¹y.</summary>
    public double Quadratic { get; set; }

    /// <summary>log|D|.</summary>
    public double LogDeterminant { get; set; }

    /// <summary>Σ 1/d_i per cluster.</summary>
    public double[] ClusterWeight { get; }

    /// <summary>Σ y_i/d_i per cluster.</summary>
    public double[] ClusterY { get; }

    /// <summary>Σ x_i/d_i per cluster (clusters x p, row-major).</summary>
    public double[] ClusterX { get; }
}
