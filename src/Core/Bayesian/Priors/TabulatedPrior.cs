using System.Globalization;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Priors;

/// <summary>
/// A prior on a standard deviation given by the user as a table of densities at increasing values of τ
/// (an elicited or previously estimated prior), interpolated linearly between the points, zero outside
/// them, and normalized so that it integrates to 1.
/// </summary>
public sealed class TabulatedPrior : ScalePrior
{
    private readonly double[] points;
    private readonly double[] densities;

    internal TabulatedPrior(IReadOnlyList<double> tau, IReadOnlyList<double> density, string field)
    {
        ArgumentNullException.ThrowIfNull(tau);
        ArgumentNullException.ThrowIfNull(density);
        Guard.SameLength(density, $"{field}.density", tau.Count, $"{field}.tau");
        if (tau.Count < 2)
        {
            throw new InvalidInputException($"{field}.tau", string.Create(CultureInfo.InvariantCulture, $"a tabulated prior needs at least 2 points, got {tau.Count}"));
        }

        Guard.NonNegative(tau, $"{field}.tau");
        Guard.NonNegative(density, $"{field}.density");
        for (var i = 1; i < tau.Count; i++)
        {
            if (tau[i] <= tau[i - 1])
            {
                throw new InvalidInputException(Guard.Element($"{field}.tau", i), "the points must be strictly increasing");
            }
        }

        var area = 0.0;
        for (var i = 1; i < tau.Count; i++)
        {
            area += 0.5 * (density[i] + density[i - 1]) * (tau[i] - tau[i - 1]);
        }

        if (!(area > 0) || !double.IsFinite(area))
        {
            throw new InvalidInputException($"{field}.density", "must be positive somewhere between the points");
        }

        points = tau.ToArray();
        densities = density.Select(d => d / area).ToArray();
    }

    /// <summary>The τ values of the table.</summary>
    public IReadOnlyList<double> Points => points;

    /// <summary>The normalized densities at <see cref="Points"/>.</summary>
    public IReadOnlyList<double> Densities => densities;

    /// <inheritdoc />
    public override double Upper => points[^1];

    /// <inheritdoc />
    public override double LogDensity(double tau) => Math.Log(Interpolate(tau).Density);

    /// <inheritdoc />
    public override double LogDensityDerivative(double tau)
    {
        var (density, slope) = Interpolate(tau);
        return density > 0 ? slope / density : 0;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"tabulated({points.Length} points on [{points[0]}, {points[^1]}])");

    private (double Density, double Slope) Interpolate(double tau)
    {
        if (!(tau >= points[0] && tau <= points[^1]))
        {
            return (0, 0);
        }

        var i = Array.BinarySearch(points, tau);
        if (i >= 0)
        {
            var next = Math.Min(i + 1, points.Length - 1);
            var previous = next - 1;
            return (densities[i], (densities[next] - densities[previous]) / (points[next] - points[previous]));
        }

        var upper = ~i;
        var lower = upper - 1;
        var slope = (densities[upper] - densities[lower]) / (points[upper] - points[lower]);
        return (densities[lower] + (slope * (tau - points[lower])), slope);
    }
}
