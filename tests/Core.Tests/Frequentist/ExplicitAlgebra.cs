using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>
/// The model's quantities re-derived with plain k x k matrix algebra (no projection tricks), as metafor's
/// own tests do: W = diag(1/(v + τ²)), P = W - WX(X'WX)⁻¹X'W.
/// </summary>
internal sealed class ExplicitAlgebra
{
    public ExplicitAlgebra(EffectData data, DesignMatrix design)
    {
        Y = Vector<double>.Build.DenseOfEnumerable(data.Yi);
        V = Vector<double>.Build.DenseOfEnumerable(data.Vi);
        X = design.X;
    }

    public Vector<double> Y { get; }

    public Vector<double> V { get; }

    public Matrix<double> X { get; }

    public int K => Y.Count;

    public int P => X.ColumnCount;

    public Matrix<double> Weights(double tau2) => Matrix<double>.Build.DiagonalOfDiagonalVector(V.Map(v => 1.0 / (v + tau2)));

    public Matrix<double> Projection(Matrix<double> w) => w - (w * X * (X.TransposeThisAndMultiply(w) * X).Inverse() * X.TransposeThisAndMultiply(w));

    public Matrix<double> Projection(double tau2) => Projection(Weights(tau2));

    public Vector<double> Beta(double tau2)
    {
        var w = Weights(tau2);
        return (X.TransposeThisAndMultiply(w) * X).Inverse() * X.TransposeThisAndMultiply(w) * Y;
    }

    public Matrix<double> Covariance(double tau2)
    {
        var w = Weights(tau2);
        return (X.TransposeThisAndMultiply(w) * X).Inverse();
    }

    public double Q(double tau2) => Y * Projection(tau2) * Y;

    /// <summary>The restricted log-likelihood including metafor's ½ log|X'X|.</summary>
    public double RestrictedLogLikelihood(double tau2)
    {
        var w = Weights(tau2);
        var logDetMarginal = V.Sum(v => Math.Log(v + tau2));
        return -0.5 * (((K - P) * Math.Log(2 * Math.PI)) - Math.Log(X.TransposeThisAndMultiply(X).Determinant())
            + logDetMarginal + Math.Log((X.TransposeThisAndMultiply(w) * X).Determinant()) + Q(tau2));
    }

    /// <summary>The full log-likelihood: Σ log φ(yᵢ; xᵢ'b, vᵢ + τ²).</summary>
    public double LogLikelihood(double tau2)
    {
        var fitted = X * Beta(tau2);
        var sum = 0.0;
        for (var i = 0; i < K; i++)
        {
            var variance = V[i] + tau2;
            sum += (-0.5 * Math.Log(2 * Math.PI * variance)) - (0.5 * (Y[i] - fitted[i]) * (Y[i] - fitted[i]) / variance);
        }

        return sum;
    }

    /// <summary>The maximizer of <paramref name="objective"/> on [0, upper] by golden-section search to 1e-12.</summary>
    public static double Maximize(Func<double, double> objective, double upper)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = 0, b = upper;
        var c = b - (ratio * (b - a));
        var d = a + (ratio * (b - a));
        while (b - a > 1e-12)
        {
            if (objective(c) > objective(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }

            c = b - (ratio * (b - a));
            d = a + (ratio * (b - a));
        }

        return (a + b) / 2;
    }
}
