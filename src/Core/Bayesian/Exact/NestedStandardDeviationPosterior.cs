namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The posterior of the inner standard deviation of a two-dimensional integral (σ within in a
/// three-level model): a mixture, over the outer grid's nodes, of the inner grids' posteriors.
/// </summary>
internal sealed class NestedStandardDeviationPosterior : StandardDeviationPosterior
{
    private readonly (double Weight, ScaleGrid<ConditionalMoments> Inner)[] parts;

    public NestedStandardDeviationPosterior(ScaleGrid<ScaleGrid<ConditionalMoments>> outer)
    {
        parts = outer.Nodes().Select(node => (node.Weight, node.Payload)).ToArray();
    }

    /// <inheritdoc />
    public override double Cdf(double x) => parts.Sum(part => part.Weight * part.Inner.Cdf(x));

    /// <inheritdoc />
    public override double Density(double x) => parts.Sum(part => part.Weight * part.Inner.Density(x));

    /// <inheritdoc />
    public override double Expectation(Func<double, double> g) => parts.Sum(part => part.Weight * part.Inner.Expectation(g));
}
