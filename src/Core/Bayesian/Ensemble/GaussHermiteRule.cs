using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The n-point Gauss–Hermite rule for the standard normal weight: ∫ g(z) φ(z) dz ≈ Σ wᵢ g(zᵢ), exact for
/// polynomials g of degree up to 2n − 1.
/// </summary>
/// <remarks>
/// Nodes and weights by Golub and Welsch (1969): the nodes are the eigenvalues of the symmetric tridiagonal
/// Jacobi matrix of the probabilists' Hermite polynomials (off-diagonal √j, j = 1..n−1), and each weight is
/// the squared first component of its normalized eigenvector (the weight function has total mass 1).
/// </remarks>
internal sealed class GaussHermiteRule
{
    private static readonly Dictionary<int, GaussHermiteRule> Cache = [];
    private static readonly Lock CacheLock = new();

    private GaussHermiteRule(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
        LogWeights = weights.Select(w => Math.Log(w)).ToArray();
    }

    /// <summary>Nodes zᵢ, ascending.</summary>
    public double[] Nodes { get; }

    /// <summary>Weights wᵢ, summing to 1.</summary>
    public double[] Weights { get; }

    /// <summary>log wᵢ.</summary>
    public double[] LogWeights { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => Nodes.Length;

    /// <summary>The rule with <paramref name="points"/> nodes (1 to 64), computed once per size.</summary>
    public static GaussHermiteRule WithPoints(int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, 64);
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(points, out var rule))
            {
                rule = Compute(points);
                Cache[points] = rule;
            }

            return rule;
        }
    }

    private static GaussHermiteRule Compute(int n)
    {
        if (n == 1)
        {
            return new GaussHermiteRule([0.0], [1.0]);
        }

        var jacobi = Matrix<double>.Build.Dense(n, n);
        for (var j = 1; j < n; j++)
        {
            jacobi[j - 1, j] = Math.Sqrt(j);
            jacobi[j, j - 1] = Math.Sqrt(j);
        }

        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, n).OrderBy(i => evd.EigenValues[i].Real).ToArray();
        var nodes = new double[n];
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            nodes[i] = evd.EigenValues[order[i]].Real;
            var first = evd.EigenVectors[0, order[i]];
            weights[i] = first * first;
        }

        // The rule is symmetric: enforce it exactly so that odd moments vanish to rounding.
        for (var i = 0; i < n / 2; i++)
        {
            var node = 0.5 * (nodes[n - 1 - i] - nodes[i]);
            var weight = 0.5 * (weights[i] + weights[n - 1 - i]);
            nodes[i] = -node;
            nodes[n - 1 - i] = node;
            weights[i] = weight;
            weights[n - 1 - i] = weight;
        }

        if (n % 2 == 1)
        {
            nodes[n / 2] = 0;
        }

        var total = weights.Sum();
        return new GaussHermiteRule(nodes, weights.Select(w => w / total).ToArray());
    }
}
