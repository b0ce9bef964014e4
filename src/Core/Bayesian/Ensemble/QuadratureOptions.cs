using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>Settings of <see cref="AdaptiveGaussHermiteQuadrature"/>.</summary>
public sealed record QuadratureOptions
{
    /// <summary>Defaults for independent effects.</summary>
    public static QuadratureOptions Default { get; } = new();

    /// <summary>
    /// The largest number of nodes of the tensor rule: each coordinate gets the most points n (at most
    /// <see cref="MaximumPointsPerDimension"/>) with nᵈ within the budget.
    /// </summary>
    public int NodeBudget { get; init; } = 60_000;

    /// <summary>The most points per coordinate (low dimensions would otherwise take hundreds).</summary>
    public int MaximumPointsPerDimension { get; init; } = 21;

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (NodeBudget < 27)
        {
            throw new InvalidInputException("quadrature.node_budget", "must be at least 27");
        }

        if (MaximumPointsPerDimension is < 3 or > 64)
        {
            throw new InvalidInputException("quadrature.maximum_points_per_dimension", "must be between 3 and 64");
        }
    }

    /// <summary>The points per coordinate for <paramref name="dimension"/> coordinates (at least 3).</summary>
    public int PointsFor(int dimension)
    {
        var n = MaximumPointsPerDimension;
        while (n > 3 && Math.Pow(n, dimension) > NodeBudget)
        {
            n--;
        }

        return n;
    }
}
