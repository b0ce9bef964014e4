namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// Accumulates Σ log x_i as the logarithm of a running product, taking a logarithm only when the product
/// leaves [1e-200, 1e200]: a log-determinant of k diagonal terms then costs a few logarithms instead of k,
/// which matters in the engine's innermost loop.
/// </summary>
internal struct LogProduct
{
    private const double Large = 1e200;
    private const double Small = 1e-200;
    private double product;
    private double logarithm;

    /// <summary>An empty product (log = 0).</summary>
    public static LogProduct Empty => new() { product = 1 };

    /// <summary>Multiplies by <paramref name="factor"/> &gt; 0.</summary>
    public void Multiply(double factor)
    {
        product *= factor;
        if (product > Large || product < Small)
        {
            logarithm += Math.Log(product);
            product = 1;
        }
    }

    /// <summary>log of the accumulated product.</summary>
    public readonly double Log => logarithm + Math.Log(product);
}
