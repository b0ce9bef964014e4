namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>The posterior of the standard deviation integrated on one grid (τ, or σ between in a three-level model).</summary>
internal sealed class GridStandardDeviationPosterior<T> : StandardDeviationPosterior
    where T : class
{
    private readonly ScaleGrid<T> grid;

    public GridStandardDeviationPosterior(ScaleGrid<T> grid)
    {
        this.grid = grid;
    }

    /// <inheritdoc />
    public override double Cdf(double x) => grid.Cdf(x);

    /// <inheritdoc />
    public override double Density(double x) => grid.Density(x);

    /// <inheritdoc />
    public override double Quantile(double probability)
    {
        Validation.Guard.Level(probability, "probability");
        return grid.Quantile(probability);
    }

    /// <inheritdoc />
    public override double Expectation(Func<double, double> g) => grid.Expectation(g);
}
