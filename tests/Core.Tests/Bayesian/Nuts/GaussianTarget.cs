using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

/// <summary>A multivariate normal N(mean, Σ) target whose moments are known exactly.</summary>
internal sealed class GaussianTarget : IModel
{
    private readonly double[] mean;
    private readonly Matrix<double> precision;

    public GaussianTarget(double[] mean, Matrix<double> covariance)
    {
        this.mean = mean;
        Covariance = covariance;
        precision = covariance.Inverse();
        ParameterNames = Enumerable.Range(0, mean.Length).Select(i => $"x[{i}]").ToArray();
    }

    public Matrix<double> Covariance { get; }

    public int Dimension => mean.Length;

    public IReadOnlyList<string> ParameterNames { get; }

    public IReadOnlyList<string> OutputNames => ParameterNames;

    public static GaussianTarget StandardNormal(int dimension) =>
        new(new double[dimension], Matrix<double>.Build.DenseIdentity(dimension));

    /// <summary>Two coordinates with unequal scales and correlation <paramref name="rho"/>.</summary>
    public static GaussianTarget Correlated(double rho) =>
        new([1, -2], Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, rho * 3 }, { rho * 3, 9.0 } }));

    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var lp = 0.0;
        for (var i = 0; i < mean.Length; i++)
        {
            var g = 0.0;
            for (var j = 0; j < mean.Length; j++)
            {
                g -= precision[i, j] * (unconstrained[j] - mean[j]);
            }

            gradient[i] = g;
            lp += 0.5 * g * (unconstrained[i] - mean[i]);
        }

        return lp;
    }

    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output) => unconstrained.CopyTo(output);

    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained) => constrained.CopyTo(unconstrained);
}
