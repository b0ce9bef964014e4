using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>Autocovariances of one chain at every lag, by the fast Fourier transform.</summary>
public static class Autocovariance
{
    /// <summary>
    /// γ(t) = (1/N) Σᵢ (xᵢ - x̄)(xᵢ₊ₜ - x̄) for t = 0..N-1 — the "biased" estimate Geyer (1992) recommends,
    /// which keeps the sequence positive definite.
    /// </summary>
    /// <remarks>
    /// The centred chain is zero-padded to a power of two at least 2N, so the circular correlation the
    /// transform computes equals the linear one.
    /// </remarks>
    public static double[] Compute(ReadOnlySpan<double> chain)
    {
        var n = chain.Length;
        var mean = DrawMatrix.Mean(chain);
        var size = 1;
        while (size < 2 * n)
        {
            size <<= 1;
        }

        var transform = new Complex[size];
        for (var i = 0; i < n; i++)
        {
            transform[i] = new Complex(chain[i] - mean, 0);
        }

        Fourier.Forward(transform, FourierOptions.AsymmetricScaling);
        for (var i = 0; i < size; i++)
        {
            var v = transform[i];
            transform[i] = new Complex((v.Real * v.Real) + (v.Imaginary * v.Imaginary), 0);
        }

        Fourier.Inverse(transform, FourierOptions.AsymmetricScaling);
        var result = new double[n];
        for (var t = 0; t < n; t++)
        {
            result[t] = transform[t].Real / n;
        }

        return result;
    }
}
