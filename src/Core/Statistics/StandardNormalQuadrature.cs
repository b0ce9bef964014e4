using System.Collections.Concurrent;

namespace MetaAnalysis.Core.Statistics;

/// <summary>
/// The Gauss-Hermite rule for the standard normal weight, ∫ g(z) φ(z) dz ≈ Σ wᵢ g(zᵢ) (exact for polynomials
/// of degree up to 2n − 1): <see cref="GaussHermiteRule"/> rescaled, zᵢ = √2 xᵢ and wᵢ = (its weight)/√π.
/// Computed once per size.
/// </summary>
public sealed class StandardNormalQuadrature
{
    private static readonly ConcurrentDictionary<int, StandardNormalQuadrature> Rules = new();

    private StandardNormalQuadrature(double[] nodes, double[] logWeights)
    {
        Nodes = nodes;
        LogWeights = logWeights;
        Weights = logWeights.Select(Math.Exp).ToArray();
    }

    /// <summary>Nodes zᵢ, ascending.</summary>
    public double[] Nodes { get; }

    /// <summary>Weights wᵢ, summing to 1.</summary>
    public double[] Weights { get; }

    /// <summary>log wᵢ.</summary>
    public double[] LogWeights { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => Nodes.Length;

    /// <summary>The rule with <paramref name="points"/> nodes (1 to 64).</summary>
    public static StandardNormalQuadrature WithPoints(int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 64);
        return Rules.GetOrAdd(points, static n =>
        {
            var rule = GaussHermiteRule.Create(n);

            // The rule is symmetric: make it exactly so, so that odd moments vanish to rounding.
            var nodes = new double[n];
            var logWeights = new double[n];
            for (var i = 0; i < n; i++)
            {
                var mirror = n - 1 - i;
                var x = 0.5 * (rule.Nodes[i] - rule.Nodes[mirror]);
                var scaled = 0.5 * (rule.ScaledWeights[i] + rule.ScaledWeights[mirror]);
                nodes[i] = Math.Sqrt(2) * x;
                logWeights[i] = Math.Log(scaled) - (x * x) - (0.5 * Math.Log(Math.PI));
            }

            return new StandardNormalQuadrature(nodes, logWeights);
        });
    }
}
