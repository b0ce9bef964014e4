namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The discretized posterior of the variance components: quadrature nodes with normalized weights, each
/// carrying the Gaussian posterior of the coefficients at that node.
/// </summary>
internal sealed class PosteriorNodes
{
    public PosteriorNodes(double[] weights, double[] distributionWeights, ConditionalMoments[] moments)
    {
        Weights = weights;
        DistributionWeights = distributionWeights;
        Moments = moments;
    }

    /// <summary>Normalized weights (the Kronrod rule's).</summary>
    public double[] Weights { get; }

    /// <summary>
    /// Normalized weights for distribution functions: the Kronrod weights for one dimension; for two, the
    /// product of the embedded Gauss rules' weights, which gives (15/7)² fewer mixture components at the
    /// accuracy of the raw Kronrod–Gauss difference (about 1e-9 at the default tolerance).
    /// </summary>
    public double[] DistributionWeights { get; }

    /// <summary>The conditional posterior at each node.</summary>
    public ConditionalMoments[] Moments { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => Weights.Length;

    /// <summary>Collects nodes, renormalizing the weights.</summary>
    public static PosteriorNodes From(IEnumerable<(double Weight, double DistributionWeight, ConditionalMoments Moments)> nodes)
    {
        var list = nodes.ToArray();
        var total = list.Sum(n => n.Weight);
        var distributionTotal = list.Sum(n => n.DistributionWeight);
        return new PosteriorNodes(
            list.Select(n => n.Weight / total).ToArray(),
            list.Select(n => n.DistributionWeight / distributionTotal).ToArray(),
            list.Select(n => n.Moments).ToArray());
    }

    /// <summary>The mixture Σ π_j N(mean(node_j), variance(node_j)).</summary>
    public NormalMixture Mixture(Func<ConditionalMoments, double> mean, Func<ConditionalMoments, double> variance)
    {
        var means = new double[Count];
        var sds = new double[Count];
        for (var j = 0; j < Count; j++)
        {
            means[j] = mean(Moments[j]);
            sds[j] = Math.Sqrt(variance(Moments[j]));
        }

        return new NormalMixture(Weights, means, sds, DistributionWeights);
    }
}
