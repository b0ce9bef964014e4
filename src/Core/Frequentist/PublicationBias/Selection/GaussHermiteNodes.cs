using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// Gauss-Hermite nodes and weights for ∫ f(x) e^(-x²) dx, by Golub and Welsch: the nodes are the eigenvalues
/// of the Jacobi matrix of the Hermite polynomials, the weights √π times the squared first components of its
/// eigenvectors.
/// </summary>
internal sealed class GaussHermiteNodes
{
    private GaussHermiteNodes(double[] nodes, double[] logWeights)
    {
        Nodes = nodes;
        LogWeights = logWeights;
    }

    /// <summary>The nodes xₖ, increasing.</summary>
    public IReadOnlyList<double> Nodes { get; }

    /// <summary>log wₖ + xₖ²: the weights for ∫ g(x) dx = Σ wₖ e^(xₖ²) g(xₖ), in logs so that no weight underflows.</summary>
    public IReadOnlyList<double> LogWeights { get; }

    /// <summary>The rule with <paramref name="count"/> nodes.</summary>
    public static GaussHermiteNodes Create(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var jacobi = Matrix<double>.Build.Dense(count, count);
        for (var i = 1; i < count; i++)
        {
            jacobi[i, i - 1] = jacobi[i - 1, i] = Math.Sqrt(i / 2.0);
        }

        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var nodes = new double[count];
        var logWeights = new double[count];
        for (var k = 0; k < count; k++)
        {
            nodes[k] = evd.EigenValues[k].Real;
            var first = evd.EigenVectors[0, k];
            logWeights[k] = (0.5 * Math.Log(Math.PI)) + (2 * Math.Log(Math.Abs(first))) + (nodes[k] * nodes[k]);
        }

        Array.Sort(nodes, logWeights);
        return new GaussHermiteNodes(nodes, logWeights);
    }
}
