namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>A credible interval [<paramref name="Lower"/>, <paramref name="Upper"/>] holding posterior mass <paramref name="Level"/>.</summary>
public readonly record struct CredibleInterval(double Lower, double Upper, double Level)
{
    /// <summary>Upper − Lower.</summary>
    public double Width => Upper - Lower;
}
